// Owner portal behaviours. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  // Show a follow-up question only when the answer that needs it is chosen, e.g.
  // "Where are the new lesions?" after "Yes". <div data-show-when="id_of_the_radio">.
  function sync() {
    document.querySelectorAll("[data-show-when]").forEach(function (block) {
      var trigger = document.getElementById(block.getAttribute("data-show-when"));
      block.hidden = !(trigger && trigger.checked);
    });
  }
  document.addEventListener("change", sync);
  document.addEventListener("DOMContentLoaded", sync);
  document.addEventListener("htmx:afterSwap", sync);
})();
