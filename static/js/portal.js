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

// "Copy link" buttons: <button data-copy="id_of_the_input">; the outcome is announced in
// the element the button's aria-describedby names.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    var done = function (text) { if (status) { status.textContent = text; } };
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(
        function () { done("Link copied."); },
        function () { done("Press Ctrl+C (or long-press and Copy) to copy the selected link."); });
    } else {
      done("The link is selected: copy it with Ctrl+C, or long-press and Copy.");
    }
  });
})();
