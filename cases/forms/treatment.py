from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html

from cases.models import Drug, DrugStrength, PlanItem, TreatmentPlan
from cases.services.doses import NoWeightOnRecord, calculate_dose, outside_clinic_range
from clinic.lib.concurrency import VersionedForm


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class PlanForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = TreatmentPlan
        fields = ["goals", "recheck_interval_days", "calcium_check_days", "acth_check_days",
                  "other_monitoring", "owner_instructions", "owner_warning_signs"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 3}),
            "other_monitoring": forms.Textarea(attrs={"rows": 2}),
            "owner_instructions": forms.Textarea(attrs={"rows": 14}),
            "owner_warning_signs": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


def strengths_of(drug_id):
    """The strengths the form offers for the chosen drug (none until a drug is chosen)."""
    if not str(drug_id or "").isdigit():
        return DrugStrength.objects.none()
    return DrugStrength.objects.filter(drug_id=drug_id).select_related("drug")


def dog_page_url(dog):
    """The dog's page, where a weight is recorded."""
    return reverse("patients:dog", kwargs={"dog_id": dog.pk})


class PlanItemForm(VersionedForm, forms.ModelForm):
    """A plan item; for a weight-based drug, the dose is calculated from the dog's latest
    weight, and a dose outside the clinic's range needs an explicit confirmation."""

    confirm_outside_range = forms.BooleanField(
        required=False, label="I confirm this dose outside the clinic's range",
    )

    class Meta:
        model = PlanItem
        fields = ["kind", "drug", "strength", "dose_mg_per_kg", "route", "frequency",
                  "is_taper", "start_date", "end_date", "body_site", "area_note", "procedure",
                  "description", "instructions"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "instructions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, dog, weight_record, **kwargs):
        super().__init__(*args, **kwargs)
        self.dog = dog
        self.weight_record = weight_record
        self.calculation = None
        self.range_warning = ""
        self.fields["drug"].queryset = Drug.objects.filter(is_active=True)
        # Only the chosen drug's strengths are offered (and accepted); choosing another drug
        # reloads them (htmx).
        drug_id = self.data.get(self.add_prefix("drug")) if self.is_bound else (
            self.initial.get("drug") or self.instance.drug_id
        )
        self.fields["strength"].queryset = strengths_of(drug_id)
        self.fields["strength"].label_from_instance = str
        self.fields["strength"].error_messages["invalid_choice"] = (
            "Choose a strength of the chosen drug."
        )
        self.fields["drug"].widget.attrs.update({
            "hx-get": reverse("cases:plan_strength_options"), "hx-target": "#id_strength",
            "hx-trigger": "change", "hx-swap": "innerHTML",
        })
        self.helper = _helper()
        if not self.is_bound:  # shown only with a range warning
            del self.fields["confirm_outside_range"]

    def clean_dose_mg_per_kg(self):
        dose = self.cleaned_data.get("dose_mg_per_kg")
        if dose is not None and dose <= 0:
            raise forms.ValidationError("A dose must be more than zero.")
        return dose

    def clean(self):
        cleaned = super().clean()
        drug, strength = cleaned.get("drug"), cleaned.get("strength")
        dose = cleaned.get("dose_mg_per_kg")
        if strength and drug and strength.drug_id != drug.pk:
            self.add_error("strength", f"Choose a strength of {drug.name}.")
            return cleaned
        if drug and drug.dosed_by_weight:
            if dose is None:
                self.add_error("dose_mg_per_kg", f"Give the dose of {drug.name} in mg/kg.")
            if strength is None:
                self.add_error("strength", "Choose the form and strength dispensed.")
        if drug and not cleaned.get("frequency"):
            self.add_error("frequency", "Say how often.")
        if drug is None and dose is not None:
            self.add_error("drug", "Choose the drug this dose is for.")
        if cleaned.get("is_taper"):
            self._check_taper_step(cleaned)
        if self.errors or drug is None or dose is None:
            return cleaned
        try:
            self.calculation = calculate_dose(self.weight_record, dose, strength)
        except NoWeightOnRecord:
            raise forms.ValidationError(format_html(
                '{} has no weight on record, so the dose cannot be calculated. '
                '<a href="{}">Record a weight on {}\'s page</a> first.',
                self.dog.name, dog_page_url(self.dog), self.dog.name,
            )) from None
        if self.calculation.too_small_for_strength:
            self.add_error("strength", "The dose is less than the smallest part of this "
                           "strength: choose a smaller strength.")
            return cleaned
        self.range_warning = outside_clinic_range(drug, self.calculation,
                                                  cleaned.get("frequency"))
        if self.range_warning and not cleaned.get("confirm_outside_range"):
            self.add_error("confirm_outside_range", self.range_warning
                           + " Tick to confirm it, or change the dose.")
        self.instance.outside_range_confirmed = bool(self.range_warning)
        return cleaned

    def _check_taper_step(self, cleaned):
        """A taper step is a corticosteroid's, and its dates do not overlap another step."""
        drug, start, end = cleaned.get("drug"), cleaned.get("start_date"), cleaned.get("end_date")
        if drug is None or not drug.is_glucocorticoid:
            self.add_error("is_taper", "Only a corticosteroid is tapered: choose it as the drug.")
            return
        if start is None or end is None:
            return  # the model asks for the step's last day
        steps = self.instance.plan.items.filter(drug=drug, is_taper=True).exclude(
            pk=self.instance.pk)
        for step in steps:
            if start <= step.end_date and step.start_date <= end:
                self.add_error("start_date", (
                    f"This step overlaps the step from {date_format(step.start_date)} to "
                    f"{date_format(step.end_date)}: each step has its own dates."))
                return

    def _post_clean(self):
        super()._post_clean()
        if not self.range_warning:
            self.fields.pop("confirm_outside_range", None)


class AcknowledgeForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason for going ahead", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
    )
