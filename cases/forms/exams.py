from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from cases.forms.cases import DATE_INPUT
from cases.models import ClinicalSign, Exam, ExamAddendum, LesionObservation, glasgow
from cases.models.sites import BodySite
from clinic.lib.concurrency import VersionedForm
from clinic.lib.uploads import MultipleClinicalImageField
from clinic.patients.models import WeightRecord

MAX_PHOTOS_PER_SITE = 6


def _pain_field(label, choices):
    top = max(choices.values)
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None,
        choices=[("", "— not scored —"), *[(v, f"{v} — {t}") for v, t in choices.choices]],
        error_messages={
            "invalid_choice": f"{label} is scored 0–{top}; %(value)s is outside the scale.",
        },
    )


class ExamForm(VersionedForm, forms.ModelForm):
    weight_kg = forms.DecimalField(
        label="Weight (kg)", required=False, max_digits=4, decimal_places=1,
        min_value=WeightRecord.MIN_KG, max_value=WeightRecord.MAX_KG,
        help_text="Saved into the dog's weight history.",
    )
    clinical_signs = forms.MultipleChoiceField(
        choices=ClinicalSign.choices, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label="Clinical signs",
    )

    class Meta:
        model = Exam
        fields = [
            "examined_on", "subjective", "objective", "assessment", "plan", "temperature_c",
            *[name for name, _label, _choices in glasgow.ITEMS], "pain_mobility_assessable",
            "pruritus_score", "clinical_signs",
        ]
        widgets = {
            "examined_on": DATE_INPUT,
            **{name: forms.Textarea(attrs={"rows": 3})
               for name in ("subjective", "objective", "assessment", "plan")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, choices in glasgow.ITEMS:
            self.fields[name] = _pain_field(label, choices)
        self.fields["pruritus_score"].widget.attrs.update({"min": 0, "max": 10})
        if self.instance.weight_record_id:
            self.fields["weight_kg"].initial = self.instance.weight_record.weight_kg

    pain_fields = [name for name, _label, _choices in glasgow.ITEMS]

    def soap_fields(self):
        return [self[name] for name in ("subjective", "objective", "assessment", "plan")]

    def pain_items(self):
        return [self[name] for name in self.pain_fields]


class LesionForm(VersionedForm, forms.ModelForm):
    photos = MultipleClinicalImageField(
        max_files=MAX_PHOTOS_PER_SITE, required=False,
        help_text=f"JPEG or PNG, up to {MAX_PHOTOS_PER_SITE} at a time.",
    )

    class Meta:
        model = LesionObservation
        fields = [
            "site", "site_detail", "lesion_count", "largest_diameter_mm", "ulceration",
            "secondary_infection", "pruritus", "notes",
        ]
        widgets = {"largest_diameter_mm": forms.NumberInput(attrs={"step": "0.1"})}

    def __init__(self, *args, exam, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.exam = exam
        self.fields["largest_diameter_mm"].widget.attrs.update({"min": "0.1", "max": "300"})

    def clean(self):
        cleaned = super().clean()
        site = cleaned.get("site")
        if site and site != BodySite.OTHER:
            taken = self.instance.exam.lesions.filter(site=site).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "site", "This site is already recorded on this exam; edit that entry."
                )
        return cleaned

    def clean_largest_diameter_mm(self):
        value = self.cleaned_data.get("largest_diameter_mm")
        if value is not None and value <= Decimal("0"):
            raise ValidationError("A lesion's diameter must be more than 0 mm.")
        return value


class AddendumForm(forms.ModelForm):
    class Meta:
        model = ExamAddendum
        fields = ["reason", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Addendum"}
