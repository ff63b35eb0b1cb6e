// Type-ahead choices (core.forms.TypeaheadSelect): the id input becomes hidden and a search
// box asks the scoped lookup (core.lookups) for matching records. Without this script the
// id input stays, and the server validates the id either way.
(function () {
  "use strict";
  if (!window.fetch) return;

  function setUp(box) {
    var idInput = box.querySelector("input");
    var current = box.querySelector(".typeahead-current");
    var url = box.getAttribute("data-typeahead-url");
    var search = document.createElement("input");
    var list = document.createElement("ul");
    var timer = null;
    var listId = (idInput.id || idInput.name) + "-options";

    search.type = "search";
    search.autocomplete = "off";
    search.placeholder = box.getAttribute("data-placeholder") || "";
    search.value = current ? current.textContent : "";
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("aria-controls", listId);
    if (idInput.id) {
      search.id = idInput.id;
      idInput.removeAttribute("id");
    }
    list.id = listId;
    list.className = "typeahead-options";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    idInput.type = "hidden";
    if (current) current.hidden = true;
    box.insertBefore(search, idInput);
    box.appendChild(list);

    function close() {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
    }

    function choose(id, label) {
      idInput.value = id;
      search.value = label;
      close();
      idInput.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      list.textContent = "";
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = box.getAttribute("data-empty") || "";
        list.appendChild(none);
      }
      results.forEach(function (row) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.tabIndex = -1;
        item.textContent = row.label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(row.id, row.label);
        });
        item.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            choose(row.id, row.label);
          }
        });
        list.appendChild(item);
      });
      list.hidden = false;
      search.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var query = (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(search.value);
      fetch(url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(close);
    }

    search.addEventListener("input", function () {
      idInput.value = "";
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    search.addEventListener("focus", function () {
      if (!search.value) ask();
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && list.firstChild && list.firstChild.focus) {
        event.preventDefault();
        list.firstChild.focus();
      } else if (event.key === "Escape") {
        close();
      }
    });
    search.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll(".typeahead[data-typeahead-url]").forEach(setUp);
})();
