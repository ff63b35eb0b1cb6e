// Draws the chart of each report table from its JSON island (a <script type="application/json">
// written by the page) with Apache ECharts, served from this server. The table under each chart
// is the fallback: without JavaScript or ECharts the chart stays hidden and the table shows.
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "zh-Hans");

  function option(data) {
    var tooltip = { valueFormatter: function (v) { return numbers.format(v); } };
    if (data.type === "pie") {
      var first = data.series[0] || { name: "", data: [] };
      return {
        tooltip: Object.assign({ trigger: "item" }, tooltip),
        series: [{
          type: "pie",
          name: first.name,
          radius: "65%",
          data: data.categories.map(function (name, i) { return { name: name, value: first.data[i] }; })
        }]
      };
    }
    return {
      tooltip: Object.assign({ trigger: "axis" }, tooltip),
      legend: data.series.length > 1 ? {} : undefined,
      grid: { containLabel: true, left: 8, right: 16, top: data.series.length > 1 ? 32 : 12, bottom: 8 },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return numbers.format(v); } } },
      series: data.series.map(function (s) { return { type: "bar", name: s.name, data: s.data }; })
    };
  }

  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var island = document.getElementById(box.getAttribute("data-chart"));
      if (!island) { return; }
      box.hidden = false;
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option(JSON.parse(island.textContent)));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
