// The member pages work without this file; it shows only the join form's fields that fit
// the chosen kind of employment, suggests employers as the worker types, and asks before
// a withdrawal.
(function () {
  "use strict";
  var form = document.querySelector("form.join");
  if (form) {
    var toggle = function () {
      var checked = form.querySelector("input[name=employment_kind]:checked");
      var kind = checked ? checked.value : "employee";
      form.querySelectorAll("[data-show-for]").forEach(function (el) {
        el.hidden = el.getAttribute("data-show-for").split(" ").indexOf(kind) < 0;
      });
    };
    form.addEventListener("change", function (e) {
      if (e.target.name === "employment_kind") toggle();
    });
    toggle();
    var input = form.querySelector("input[name=employer]");
    var list = document.getElementById("employer-options");
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2) return;
        fetch(form.dataset.employerSearch + "?q=" + encodeURIComponent(q))
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (e) {
              var option = document.createElement("option");
              option.value = e.name;
              option.label = e.credit_code;
              return option;
            }));
          })
          .catch(function () {});
      }, 250);
    });
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.dataset.confirm)) e.preventDefault();
    });
  });
})();
