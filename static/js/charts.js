// Line charts from server data, without inline script (CSP).
// Markup:  <canvas data-chart="ID" aria-label="…"></canvas>  and  {{ spec|json_script:"ID" }}
// Spec:    clinic/lib/charts.py. Readings are placed at their real dates on a time axis and
//          joined by straight segments; a threshold is a dashed line, a reference interval
//          a shaded band, and plan changes vertical markers.
(function () {
  "use strict";
  var palette = ["#0b6e75", "#c2410c", "#6d28d9", "#15803d", "#b91c1c", "#1d4ed8", "#a16207"];
  // The clinic's date format ("1 Dec 2026"), as Django writes it (clinic/formats/).
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var DAY = { format: function (ms) {
    var d = new Date(ms);
    return d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
  } };

  function time(iso) { return Date.parse(iso + "T12:00:00"); }
  function points(data) { return data.map(function (p) { return { x: time(p.x), y: p.y }; }); }

  // Vertical lines with a label at the top, for plan changes.
  var markerPlugin = {
    id: "clinicMarkers",
    afterDatasetsDraw: function (chart, args, options) {
      var markers = options.markers || [];
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
      ctx.save();
      markers.forEach(function (marker, index) {
        var px = x.getPixelForValue(time(marker.x));
        if (px < area.left || px > area.right) { return; }
        ctx.strokeStyle = "#495057";
        ctx.setLineDash([2, 3]);
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = "#212529";
        ctx.font = "11px system-ui, sans-serif";
        // Staggered, so labels of plans published close together do not overlap.
        ctx.fillText(marker.label, Math.min(px + 3, area.right - 40), area.top + 10 + 12 * (index % 3));
      });
      ctx.restore();
    }
  };

  function render(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || !window.Chart) { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, index) {
      var colour = palette[index % palette.length];
      return { label: set.label, data: points(set.data), borderColor: colour,
               backgroundColor: colour, tension: 0, pointRadius: 4 };
    });
    var all = [].concat.apply([], datasets.map(function (set) { return set.data; }));
    var xs = all.map(function (p) { return p.x; });
    var first = Math.min.apply(null, xs), last = Math.max.apply(null, xs);
    if (spec.threshold) {
      datasets.push({ label: spec.threshold.label, data: points(spec.threshold.data),
                      borderColor: "#b02a37", backgroundColor: "#b02a37", borderDash: [6, 4],
                      pointRadius: 0, tension: 0, stepped: "before", fill: false });
    }
    if (spec.band) {
      var edge = function (value) { return [{ x: first, y: value }, { x: last, y: value }]; };
      datasets.push({ label: spec.band.label + " (low)", data: edge(spec.band.low),
                      borderWidth: 0, pointRadius: 0, fill: false, band: true });
      datasets.push({ label: spec.band.label, data: edge(spec.band.high), borderWidth: 0,
                      pointRadius: 0, fill: "-1", backgroundColor: "rgba(21, 128, 61, 0.12)",
                      borderColor: "rgba(21, 128, 61, 0.4)" });
    }
    var pad = first === last ? 7 * 86400000 : 0;
    new window.Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      plugins: [markerPlugin],
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
        scales: {
          x: { type: "linear", min: first - pad, max: last + pad,
               ticks: { maxTicksLimit: 6, callback: function (value) { return DAY.format(value); } } },
          y: { title: { display: Boolean(spec.y_label), text: spec.y_label || "" },
               min: spec.y_min, max: spec.y_max }
        },
        plugins: {
          legend: { position: "bottom",
                    labels: { filter: function (item, data) { return !data.datasets[item.datasetIndex].band; } } },
          tooltip: { callbacks: { title: function (items) { return items.length ? DAY.format(items[0].parsed.x) : ""; } } },
          clinicMarkers: { markers: spec.markers || [] }
        }
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
