"""Chart specs for static/js/charts.js, the one shape every chart in the product uses.

Readings sit at their real dates (a time axis, not evenly spaced labels) and are joined by
straight segments, so a line never dips below or above what was measured. A spec:

    {"datasets": [{"label": "…", "data": [{"x": "2026-01-05", "y": 1.2}, …]}],
     "y_label": "mm", "y_min": 0, "y_max": 24,                       # y_max optional
     "threshold": {"label": "…", "data": [points]},                  # optional, a line
     "band": {"label": "Reference interval", "low": 2.3, "high": 3.0},  # optional, shaded
     "markers": [{"x": "2026-03-01", "label": "Plan v2"}]}            # optional, vertical
"""


def point(day, value):
    return {"x": day.isoformat(), "y": value}


def line(label, readings):
    """A dataset from (date, value) pairs; missing values are left out, not drawn as 0."""
    return {"label": label, "data": [point(day, value) for day, value in readings
                                     if value is not None]}


def level(label, value, days):
    """A horizontal line at `value` across the dates of the chart."""
    days = sorted(days)
    return {"label": label, "data": [point(days[0], value), point(days[-1], value)]}


def chart(datasets, *, y_label, y_min=0, y_max=None, threshold=None, band=None, markers=()):
    spec = {"datasets": datasets, "y_label": y_label, "y_min": y_min}
    if y_max is not None:
        spec["y_max"] = y_max
    if threshold:
        spec["threshold"] = threshold
    if band:
        spec["band"] = band
    if markers:
        spec["markers"] = list(markers)
    return spec
