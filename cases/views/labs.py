"""Lab panels: list with flags and Ca × P, detail, entry, and trends across panels."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from cases.forms.labs import LabPanelForm, lab_value_formset
from cases.models import Analyte, ClinicalSettings, LabPanel, LabValue, PanelKind
from cases.models.labs import TREND_ANALYTES, CaPProduct
from cases.views.diagnostics import case_for
from clinic.accounts.access import staff_required


def _panels(case, user):
    return (
        LabPanel.objects.visible_to(user).filter(case=case)
        .select_related("requested_by")
        .prefetch_related("values__analyte")
    )


def _with_products(panels):
    threshold = ClinicalSettings.load().ca_p_threshold_mg
    for panel in panels:
        panel.product = panel.ca_p_product(threshold)
    return panels


@staff_required("cases.view_labpanel")
def panel_list(request, case_id):
    case = case_for(request, case_id)
    return render(request, "cases/diagnostics/panel_list.html", {
        "case": case, "panels": _with_products(list(_panels(case, request.user))),
    })


@staff_required("cases.view_labpanel")
def panel_detail(request, case_id, panel_id):
    case = case_for(request, case_id)
    panel = get_object_or_404(_panels(case, request.user), pk=panel_id)
    return render(request, "cases/diagnostics/panel_detail.html", {
        "case": case, "panel": _with_products([panel])[0],
    })


@staff_required(("cases.add_labpanel", "cases.add_labvalue"))
def panel_create(request, case_id):
    case = case_for(request, case_id)
    kind = request.GET.get("kind") or request.POST.get("kind") or PanelKind.SERUM_CHEMISTRY
    if kind not in PanelKind.values:
        kind = PanelKind.SERUM_CHEMISTRY
    panel = LabPanel(case=case, requested_by=request.user, kind=kind)
    initial = [{"analyte": a.pk, "unit": a.default_unit}
               for a in Analyte.objects.filter(panel_kind=kind)]
    return _panel_form(request, case, panel, initial, "Enter lab results")


@staff_required(("cases.change_labpanel", "cases.change_labvalue", "cases.add_labvalue"))
def panel_edit(request, case_id, panel_id):
    case = case_for(request, case_id)
    panel = get_object_or_404(LabPanel.objects.visible_to(request.user), pk=panel_id, case=case)
    return _panel_form(request, case, panel, [], f"Edit {panel}")


def _panel_form(request, case, panel, initial, title):
    form = LabPanelForm(request.POST or None, instance=panel, initial={"kind": panel.kind})
    values = lab_value_formset(extra=len(initial) + 3)(
        request.POST or None, instance=panel, initial=initial, prefix="values",
    )
    if request.method == "POST" and form.is_valid() and values.is_valid():
        @transaction.atomic
        def save():
            values.instance = form.save()
            values.save()

        if form.save_unless_stale(save):
            messages.success(request, "Lab results saved.")
            return redirect("cases:lab_panel_detail", case.pk, form.instance.pk)
    return render(request, "cases/diagnostics/panel_form.html", {
        "case": case, "form": form, "values": values, "title": title,
        "kinds": PanelKind.choices, "creating": panel.pk is None,
    })


def trend_charts(case, user):
    """One chart per trended analyte, every value in the analyte's default unit, and the
    Ca × P product against the clinic's threshold; each a charts.js spec."""
    values = list(
        LabValue.objects.visible_to(user)
        .filter(panel__case=case, analyte__code__in=TREND_ANALYTES)
        .select_related("analyte", "panel")
        .order_by("panel__collected_on", "panel_id")
    )
    dates = sorted({v.panel.collected_on for v in values})
    labels = [d.isoformat() for d in dates]
    charts = []
    by_code = {}
    for value in values:
        by_code.setdefault(value.analyte.code, []).append(value)
    for code in TREND_ANALYTES:
        series = by_code.get(code)
        if not series:
            continue
        analyte = series[0].analyte
        points = {v.panel.collected_on: float(v.value_in(analyte.default_unit)) for v in series}
        charts.append({
            "id": f"trend-{code}", "title": analyte.name,
            "spec": {
                "labels": labels,
                "datasets": [{"label": f"{analyte.name} ({analyte.default_unit})",
                              "data": [points.get(d) for d in dates]}],
                "y_label": analyte.default_unit, "y_min": 0,
            },
        })
    product = _product_chart(values, dates, labels)
    if product:
        charts.append(product)
    return charts


def _product_chart(values, dates, labels):
    threshold = ClinicalSettings.load().ca_p_threshold_mg
    pairs = {}
    for value in values:
        if value.analyte.code in ("calcium", "phosphate"):
            pairs.setdefault(value.panel_id, {})[value.analyte.code] = value
    points = {}
    for pair in pairs.values():
        if len(pair) == 2:
            product = CaPProduct.of(pair["calcium"], pair["phosphate"], threshold)
            points[pair["calcium"].panel.collected_on] = float(product.value_mg)
    if not points:
        return None
    return {
        "id": "trend-ca-p", "title": "Calcium × phosphate product",
        "spec": {
            "labels": labels,
            "datasets": [{"label": "Ca × P ((mg/dL)²)", "data": [points.get(d) for d in dates]}],
            "y_label": "(mg/dL)²", "y_min": 0,
            "threshold": {"value": float(threshold), "label": "The clinic's threshold"},
        },
    }


@staff_required("cases.view_labpanel")
def panel_trends(request, case_id):
    case = case_for(request, case_id)
    return render(request, "cases/diagnostics/panel_trends.html", {
        "case": case, "charts": trend_charts(case, request.user),
    })
