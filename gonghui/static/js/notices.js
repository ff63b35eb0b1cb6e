// The header badge: fetches the signed-in user's unread count (no page pays a query for it).
(function () {
  "use strict";
  var badge = document.querySelector("[data-unread-src]");
  if (!badge || !window.fetch) return;
  fetch(badge.getAttribute("data-unread-src"), { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (data && data.unread > 0) {
        badge.textContent = data.unread > 99 ? "99+" : String(data.unread);
        badge.hidden = false;
      }
    })
    .catch(function () {});
})();
