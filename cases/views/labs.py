"""Lab panels: list with flags and Ca × P, detail, entry, and trends across panels."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from cases.forms.labs import LabPanelForm, lab_value_formset
from cases.models import Analyte, ClinicalSettings, LabPanel, LabValue, PanelKind
from cases.models.labs import TREND_ANALYTES, ActhPurpose, CaPProduct
from cases.views.diagnostics import case_for
from cases.views.progress import plan_change_markers
from clinic.accounts.access import staff_required
from clinic.lib import charts


def _panels(case, user):
    return (
        LabPanel.objects.visible_to(user).filter(case=case)
        .select_related("requested_by")
        .prefetch_related("values__analyte")
    )


def _with_products(panels):
    """Each panel with its Ca × P product, Na:K ratio and values judged by the clinic's
    rules (trilostane monitoring bands, IRIS)."""
    rules = ClinicalSettings.load()
    for panel in panels:
        panel.product = panel.ca_p_product(rules.ca_p_threshold_mg)
        panel.na_k = panel.na_k_ratio(rules.na_k_ratio_warn_below)
        panel.judge_values(rules)
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
    purpose = request.GET.get("purpose") or request.POST.get("acth_purpose") or ""
    if kind != PanelKind.ACTH_STIMULATION or purpose not in ActhPurpose.values:
        purpose = ""
    panel = LabPanel(case=case, requested_by=request.user, kind=kind, acth_purpose=purpose)
    defaults = Q(panel_kind=kind)
    if purpose == ActhPurpose.MONITORING:
        defaults |= Q(in_acth_monitoring=True)
    initial = [{"analyte": a.pk, "unit": a.default_unit}
               for a in Analyte.objects.filter(defaults)]
    return _panel_form(request, case, panel, initial, "Enter lab results")


@staff_required(("cases.change_labpanel", "cases.change_labvalue", "cases.add_labvalue"))
def panel_edit(request, case_id, panel_id):
    case = case_for(request, case_id)
    panel = get_object_or_404(LabPanel.objects.visible_to(request.user), pk=panel_id, case=case)
    return _panel_form(request, case, panel, [], f"Edit {panel}")


def _panel_form(request, case, panel, initial, title):
    form = LabPanelForm(request.POST or None, instance=panel,
                        initial={"kind": panel.kind, "acth_purpose": panel.acth_purpose})
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
        "kinds": _kind_buttons(), "creating": panel.pk is None,
    })


def _kind_buttons():
    """(query string, label, kind, purpose) for each panel type the form can start from."""
    buttons = []
    for kind, label in PanelKind.choices:
        if kind == PanelKind.ACTH_STIMULATION:
            buttons += [
                (f"kind={kind}&purpose={purpose}", f"{label}: {short}", kind, purpose)
                for purpose, short in ((ActhPurpose.DIAGNOSTIC, "diagnostic"),
                                       (ActhPurpose.MONITORING, "trilostane monitoring"))
            ]
        else:
            buttons.append((f"kind={kind}", label, kind, ""))
    return buttons


def trend_charts(case, user):
    """One chart per trended analyte, every value in the analyte's default unit with its
    reference interval shaded, and the Ca × P product against the clinic's threshold, in
    the unit system the lab pages show it in; plan changes are marked on each."""
    values = list(
        LabValue.objects.visible_to(user)
        .filter(panel__case=case, analyte__code__in=TREND_ANALYTES)
        .select_related("analyte", "panel")
        .order_by("panel__collected_on", "panel_id")
    )
    markers = plan_change_markers(case, user) if values else []
    result = []
    by_code = {}
    for value in values:
        by_code.setdefault(value.analyte.code, []).append(value)
    for code in TREND_ANALYTES:
        series = by_code.get(code)
        if not series:
            continue
        analyte = series[0].analyte
        unit = analyte.default_unit
        band = None
        if analyte.reference_low is not None and analyte.reference_high is not None:
            band = {"label": "Reference interval", "low": float(analyte.reference_low),
                    "high": float(analyte.reference_high)}
        result.append({
            "id": f"trend-{code}", "title": analyte.name,
            "spec": charts.chart(
                [charts.line(f"{analyte.name} ({unit})",
                             [(v.panel.collected_on, float(v.value_in(unit))) for v in series])],
                y_label=unit, band=band, markers=markers,
            ),
        })
    product = _product_chart(values, markers)
    if product:
        result.append(product)
    return result


def _product_chart(values, markers):
    threshold = ClinicalSettings.load().ca_p_threshold_mg
    pairs = {}
    for value in values:
        if value.analyte.code in ("calcium", "phosphate"):
            pairs.setdefault(value.panel_id, {})[value.analyte.code] = value
    products = sorted(
        (pair["calcium"].panel.collected_on, CaPProduct.of(pair["calcium"], pair["phosphate"],
                                                           threshold))
        for pair in pairs.values() if len(pair) == 2
    )
    if not products:
        return None
    # Each panel's product is shown in its own unit system on the lab pages; the chart keeps
    # that system when every panel shares it, and falls back to (mg/dL)² when they differ.
    units = {product.unit for _day, product in products}
    if len(units) == 1:
        unit = units.pop()
        readings = [(day, float(product.value)) for day, product in products]
        limit = float(products[0][1].threshold)
    else:
        unit = "(mg/dL)²"
        readings = [(day, float(product.value_mg)) for day, product in products]
        limit = float(threshold)
    return {
        "id": "trend-ca-p", "title": "Calcium × phosphate product",
        "spec": charts.chart(
            [charts.line(f"Ca × P ({unit})", readings)], y_label=unit, markers=markers,
            threshold=charts.level("The clinic's threshold", limit, [d for d, _p in readings]),
        ),
    }


@staff_required("cases.view_labpanel")
def panel_trends(request, case_id):
    case = case_for(request, case_id)
    return render(request, "cases/diagnostics/panel_trends.html", {
        "case": case, "charts": trend_charts(case, request.user),
    })
