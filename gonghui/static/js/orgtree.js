// The organisation tree (organizations/tree.html): a station drawn without its unions
// fetches them the first time it is opened and puts them in place of its link; without
// JavaScript, or if the fetch fails, the link opens the page with that station drawn open.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) return;

  function load(details, link) {
    if (details.getAttribute("aria-busy") === "true") return;
    details.setAttribute("aria-busy", "true");
    fetch(link.getAttribute("data-tree-src"), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var list = parsed.body.firstElementChild;
        if (list && list.tagName === "UL") link.parentNode.replaceWith(list);
      })
      .catch(function () {})
      .then(function () { details.removeAttribute("aria-busy"); });
  }

  // "toggle" does not bubble: listen while it goes down to the <details>
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open) return;
    var link = details.querySelector(":scope > .org-more > a[data-tree-src]");
    if (link) load(details, link);
  }, true);
})();
