// X-ray viewer: one image at a time, next/previous, zoom; keyboard: ← → to move, + − 0 to zoom.
(function () {
  "use strict";
  var STEPS = [0.5, 0.75, 1, 1.5, 2, 3, 4];

  function setUp(viewer) {
    var images = Array.prototype.slice.call(viewer.querySelectorAll("[data-viewer-image]"));
    var position = viewer.querySelector("[data-viewer-position]");
    var zoomLabel = viewer.querySelector("[data-viewer-zoom]");
    var current = 0;
    var zoom = 2; // index into STEPS: 100%

    function show() {
      images.forEach(function (img, index) {
        img.classList.toggle("d-none", index !== current);
        img.classList.remove("zoom-50", "zoom-75", "zoom-100", "zoom-150", "zoom-200",
                             "zoom-300", "zoom-400");
        img.classList.add("zoom-" + Math.round(STEPS[zoom] * 100));
      });
      position.textContent = (current + 1) + " / " + images.length;
      zoomLabel.textContent = Math.round(STEPS[zoom] * 100) + "%";
    }

    var actions = {
      next: function () { current = (current + 1) % images.length; },
      prev: function () { current = (current - 1 + images.length) % images.length; },
      "zoom-in": function () { zoom = Math.min(zoom + 1, STEPS.length - 1); },
      "zoom-out": function () { zoom = Math.max(zoom - 1, 0); },
      reset: function () { zoom = 2; }
    };

    viewer.addEventListener("click", function (event) {
      var button = event.target.closest("[data-viewer]");
      if (button && actions[button.getAttribute("data-viewer")]) {
        actions[button.getAttribute("data-viewer")]();
        show();
      }
    });
    viewer.addEventListener("keydown", function (event) {
      var keys = { ArrowRight: "next", ArrowLeft: "prev", "+": "zoom-in", "=": "zoom-in",
                   "-": "zoom-out", "0": "reset" };
      var action = keys[event.key];
      if (action) {
        event.preventDefault();
        actions[action]();
        show();
      }
    });
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".xray-viewer").forEach(setUp);
  });
})();
