from django import forms
from django.core.exceptions import ValidationError

from cases.models import Analyte, LabPanel, LabValue, PanelKind
from cases.models.labs import MG_PER_MMOL, convert
from clinic.lib.concurrency import VersionedForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LabPanelForm(VersionedForm, forms.ModelForm):
    every_change_conflicts = True  # the results table is saved with the panel

    class Meta:
        model = LabPanel
        fields = ["kind", "acth_purpose", "hours_after_dose", "dose_given_with_food",
                  "collected_on", "laboratory", "sent_on", "reported_on", "notes",
                  "shared_with_owner", "owner_summary"]
        widgets = {
            "collected_on": DATE, "sent_on": DATE, "reported_on": DATE,
            "hours_after_dose": forms.TextInput(attrs={"inputmode": "decimal"}),
            "dose_given_with_food": forms.Select(
                choices=[("", "—"), ("true", "Yes"), ("false", "No")]
            ),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "owner_summary": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != PanelKind.ACTH_STIMULATION:
            # Answers left over from choosing an ACTH test first do not belong to this panel.
            for name, empty in (("acth_purpose", ""), ("hours_after_dose", None),
                                ("dose_given_with_food", None)):
                cleaned[name] = empty
                setattr(self.instance, name, empty)
                self.errors.pop(name, None)
        return cleaned


class LabValueForm(forms.ModelForm):
    """One result. A blank unit or interval takes the analyte's defaults (converted when
    calcium or phosphate is entered in the other unit)."""

    class Meta:
        model = LabValue
        fields = ["analyte", "value", "unit", "reference_low", "reference_high"]
        widgets = {name: forms.TextInput(attrs={"inputmode": "decimal"})
                   for name in ("value", "reference_low", "reference_high")}

    def __init__(self, *args, analytes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if analytes is not None:  # one query for the whole formset, not one per row
            self.fields["analyte"].choices = [("", "---------")] + [
                (a.pk, str(a)) for a in analytes
            ]
            self._analytes = {str(a.pk): a for a in analytes}
        self.fields["unit"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        analyte = cleaned.get("analyte")
        if analyte is None:
            return cleaned
        unit = cleaned.get("unit") or analyte.default_unit
        if unit not in analyte.units:
            self.add_error("unit", f"Enter {analyte.name} in {' or '.join(analyte.units)}.")
            return cleaned
        cleaned["unit"] = self.instance.unit = unit
        for bound in ("reference_low", "reference_high"):
            if cleaned.get(bound) is None and bound not in self.errors:
                default = getattr(analyte, bound)
                if default is not None and analyte.code in MG_PER_MMOL:
                    default = round(convert(analyte.code, default, analyte.default_unit, unit), 2)
                cleaned[bound] = default
                setattr(self.instance, bound, default)
        low, high = cleaned.get("reference_low"), cleaned.get("reference_high")
        if low is not None and high is not None and low > high:
            self.add_error("reference_high", "The upper limit is below the lower limit.")
        return cleaned


class BaseLabValueFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        self.analytes = Analyte.reference_list()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "analytes": self.analytes}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            analyte = getattr(form, "cleaned_data", {}).get("analyte")
            if analyte is None or form.cleaned_data.get("DELETE"):
                continue
            if analyte.pk in seen:
                form.add_error("analyte", "This analyte is already on the panel.")
                raise ValidationError("Each analyte appears once on a panel.")
            seen.add(analyte.pk)


def lab_value_formset(extra):
    return forms.inlineformset_factory(
        LabPanel, LabValue, form=LabValueForm, formset=BaseLabValueFormSet,
        extra=extra, can_delete=True,
    )
