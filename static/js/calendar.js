// The calendar and the follow-ups worklist: focus the booking form when it appears, and
// close it on request. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail.target;
    if (!panel || panel.id !== "booking-panel") {
      return;
    }
    panel.scrollIntoView({ block: "nearest" });
    var first = panel.querySelector(".is-invalid, select, input:not([type=hidden]), button");
    if (first) {
      first.focus();
    }
  });
  // A calendar card shows time, dog and status; clicking the dog opens the full card
  // with its actions in place (without JavaScript the link opens the appointment page).
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".calendar .appt-dog");
    if (link && window.htmx) {
      event.preventDefault();
      htmx.ajax("GET", link.getAttribute("href"), {
        target: link.closest(".appt"), swap: "outerHTML",
      });
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-close-booking]");
    if (button) {
      var panel = document.getElementById("booking-panel");
      if (panel && panel.contains(button)) {
        panel.replaceChildren();
      }
    }
  });
})();
