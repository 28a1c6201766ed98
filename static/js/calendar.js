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
  // A free stretch is one button spanning its rows; a pointer click books the 15-minute
  // slot under the pointer. A keyboard press (event.detail 0) books the first slot, and the
  // form's Start field takes any other time.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var button = event.detail.elt;
    var click = event.detail.triggeringEvent;
    if (!button.matches(".slot-free[data-slots]") || !click || !click.detail) {
      return;
    }
    var slots = parseInt(button.dataset.slots, 10);
    var box = button.getBoundingClientRect();
    var index = Math.floor(((click.clientY - box.top) / box.height) * slots);
    index = Math.max(0, Math.min(slots - 1, index));
    event.detail.path = event.detail.path.replace(
      /start=(\d{4}-\d\d-\d\d)T(\d\d):(\d\d)/,
      function (_match, day, hours, minutes) {
        var total = parseInt(hours, 10) * 60 + parseInt(minutes, 10) +
          index * parseInt(button.dataset.slotMinutes, 10);
        var pad = function (n) { return (n < 10 ? "0" : "") + n; };
        return "start=" + day + "T" + pad(Math.floor(total / 60)) + ":" + pad(total % 60);
      });
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
