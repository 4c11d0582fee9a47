// The profile editor's weights: each slider shows its value, and the sum of all of them is
// shown as they move (it must be 100; the server refuses any other sum, with or without this).
(function () {
  "use strict";
  function update(form) {
    var sliders = form.querySelectorAll("input[data-weight]");
    var total = 0;
    for (var i = 0; i < sliders.length; i += 1) {
      var value = parseInt(sliders[i].value, 10) || 0;
      total += value;
      var shown = form.querySelector("output[for='" + sliders[i].id + "']");
      if (shown) { shown.textContent = String(value); }
    }
    var sum = form.querySelector("[data-weight-sum]");
    if (sum) {
      sum.textContent = String(total);
      sum.classList.toggle("bad", total !== 100);
    }
  }
  function start() {
    var forms = document.querySelectorAll("form[data-weights]");
    for (var i = 0; i < forms.length; i += 1) {
      (function (form) {
        form.addEventListener("input", function () { update(form); });
        update(form);
      })(forms[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
