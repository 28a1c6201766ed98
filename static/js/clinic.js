// Small behaviours shared by every page. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  // Buttons that print the page (care sheets, consent forms).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
  // Forms with data-confirm ask before an irreversible action (sign-off, publish).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
