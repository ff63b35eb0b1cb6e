// A campaign's page on the portal: refresh what is left of each item every few seconds
// while the page is open, and disable the button of an item that is gone.
(function () {
  "use strict";
  var script = document.currentScript;
  var box = document.querySelector("[data-stock]");
  if (!box || !window.fetch) return;
  function refresh() {
    fetch(box.dataset.stock, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        Object.keys(data.items).forEach(function (pk) {
          var left = data.items[pk];
          var count = box.querySelector('[data-left="' + pk + '"]');
          if (count) count.textContent = left;
          var button = box.querySelector('[data-claim="' + pk + '"]');
          if (button && left <= 0) {
            button.disabled = true;
            button.textContent = script.dataset.soldOut;
          }
        });
      })
      .catch(function () {});
  }
  setInterval(refresh, 5000);
})();
