// Line charts from server data, without inline script (CSP).
// Markup:  <canvas data-chart="ID" aria-label="…"></canvas>  and  {{ data|json_script:"ID" }}
// Data:    {"labels": ["2026-01-05", …], "datasets": [{"label": "…", "data": [1.2, null, …]}],
//           "y_label": "mm", "y_min": 0, "threshold": {"value": 70, "label": "Clinic threshold"}}
(function () {
  "use strict";
  var palette = ["#0b6e75", "#c2410c", "#6d28d9", "#15803d", "#b91c1c", "#1d4ed8", "#a16207"];

  function render(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || !window.Chart) { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, index) {
      var colour = palette[index % palette.length];
      return Object.assign({
        borderColor: colour, backgroundColor: colour, tension: 0.2, spanGaps: true,
        pointRadius: 4
      }, set);
    });
    if (spec.threshold) {
      datasets.push({
        label: spec.threshold.label,
        data: spec.labels.map(function () { return spec.threshold.value; }),
        borderColor: "#b91c1c", borderDash: [6, 4], pointRadius: 0, fill: false
      });
    }
    new window.Chart(canvas, {
      type: "line",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          y: {
            title: { display: Boolean(spec.y_label), text: spec.y_label || "" },
            suggestedMin: spec.y_min
          }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function renderAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (!canvas.dataset.rendered) {
        canvas.dataset.rendered = "1";
        render(canvas);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { renderAll(document); });
  // Charts that arrive in an htmx swap.
  document.addEventListener("htmx:afterSettle", function (event) { renderAll(event.target); });
})();
