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
          radius: "50%",
          stillShowZeroSum: false,
          avoidLabelOverlap: true,
          // labels kept inside the box: aligned to its edges, long names broken over lines
          label: { formatter: "{b}", alignTo: "edge", edgeDistance: 4, overflow: "break" },
          labelLine: { length: 8, length2: 0 },
          // a zero slice has no wedge, so it gets no label either
          data: data.categories
            .map(function (name, i) { return { name: name, value: first.data[i] }; })
            .filter(function (item) { return item.value > 0; })
        }]
      };
    }
    var longest = Math.max.apply(null, data.categories.map(function (c) { return c.length; }).concat([0]));
    var whole = data.series.every(function (s) { return s.data.every(Number.isInteger); });
    return {
      tooltip: Object.assign({ trigger: "axis" }, tooltip),
      legend: data.series.length > 1 ? { top: 0 } : undefined,
      grid: { containLabel: true, left: 8, right: 16, top: data.series.length > 1 ? 36 : 12, bottom: 8 },
      xAxis: {
        type: "category",
        data: data.categories,
        // long names (committees, unions) are turned and wrapped instead of running together
        axisLabel: { interval: 0, rotate: data.categories.length > 6 || longest > 6 ? 30 : 0, width: 120, overflow: "break" }
      },
      yAxis: { type: "value", minInterval: whole ? 1 : 0, axisLabel: { formatter: function (v) { return numbers.format(v); } } },
      series: data.series.map(function (s) { return { type: "bar", name: s.name, data: s.data }; })
    };
  }

  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var island = document.getElementById(box.getAttribute("data-chart"));
      if (!island) { return; }
      var data = JSON.parse(island.textContent);
      var total = data.series.reduce(function (sum, s) {
        return sum + s.data.reduce(function (a, b) { return a + Math.abs(b); }, 0);
      }, 0);
      if (total === 0) { return; }  // nothing to draw: the table (all zeros) says it
      box.hidden = false;
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option(data));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
