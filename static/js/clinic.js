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
  // Forms with data-confirm ask before an irreversible action (sign-off, publish, no-show).
  // An htmx form has already taken its submit event (defaultPrevented): htmx asks it
  // through htmx:confirm below, before sending its request.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !event.defaultPrevented && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt.closest("form[data-confirm]");
    if (!form) {
      return;
    }
    event.preventDefault();
    if (window.confirm(form.getAttribute("data-confirm"))) {
      event.detail.issueRequest(true);
    }
  });
})();
