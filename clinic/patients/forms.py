"""Forms reception and vets fill in for owners, dogs and weights.

Rules of one record stay on the models (Owner.clean, Dog.clean, WeightRecord.clean); these
forms add what only a form knows: an approximate age typed instead of a date, a microchip
typed with spaces, the photo upload, and which fields each role may change.
"""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from clinic.lib.concurrency import VersionedForm
from clinic.lib.uploads import ClinicalImageField
from clinic.patients.models import Dog, Owner, WeightRecord, estimated_date_of_birth


class DateInput(forms.DateInput):
    """The browser's date picker, which only takes ISO dates (not the en-GB 25/11/2026)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


def _helper():
    # The page supplies the <form> tag, so two forms can share one (owner + first dog).
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class OwnerForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Owner
        fields = [
            "first_name", "last_name", "phone", "email", "preferred_contact",
            "address", "postcode", "reminder_consent", "staff_notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "staff_notes": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {"phone": "Any usual form, e.g. 020 7946 0123 or +44 20 7946 0123."}
        error_messages = {
            "email": {"invalid": "Enter a valid e-mail address, e.g. name@example.org."}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        if self.instance.pk:
            # Show the number the way people read it, not the stored E.164 form.
            self.initial["phone"] = self.instance.phone_display

    def _post_clean(self):
        # The consent date follows the answer: set it before the model validates.
        consent = self.cleaned_data.get("reminder_consent")
        answered = not self.instance.pk or "reminder_consent" in self.changed_data
        if consent is not None and answered:
            self.instance.set_reminder_consent(consent)
        super()._post_clean()


class DogForm(VersionedForm, forms.ModelForm):
    """A dog's signalment. Either a date of birth or an approximate age ("about 7 years")."""

    age_years = forms.IntegerField(
        label="or approximate age: years", required=False, min_value=0, max_value=30
    )
    age_months = forms.IntegerField(
        label="and months", required=False, min_value=0, max_value=11
    )
    # Longer than the 15 stored digits: readers and people type chips with spaces.
    microchip = forms.CharField(
        required=False, max_length=30, help_text="15 digits; spaces are fine.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    photo = ClinicalImageField(
        required=False, widget=forms.FileInput,
        help_text="A JPEG or PNG photo, to recognise the dog at the desk.",
    )

    field_order = [
        "name", "breed", "breed_other", "sex", "neutered", "date_of_birth", "age_years",
        "age_months", "date_of_birth_estimated",
    ]

    class Meta:
        model = Dog
        fields = [
            "name", "breed", "breed_other", "sex", "neutered", "date_of_birth",
            "date_of_birth_estimated", "microchip", "colour", "alerts",
        ]
        widgets = {"date_of_birth": DateInput}
        labels = {"date_of_birth_estimated": "The date of birth is an estimate"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["breed"].help_text = (
            "The size class shown with the breed is for reference (weights, doses)."
        )

    def clean_microchip(self):
        chip = "".join(self.cleaned_data["microchip"].split())
        if not chip:
            return chip
        if not chip.isdigit():
            raise ValidationError("A microchip number has digits only (0–9).")
        if len(chip) != 15:
            raise ValidationError(
                f"A microchip number (ISO 11784/11785) is exactly 15 digits; this has {len(chip)}."
            )
        taken = Dog.objects.microchip_taken_message(chip, exclude_pk=self.instance.pk)
        if taken:
            raise ValidationError(taken)
        return chip

    def clean(self):
        data = super().clean()
        years, months = data.get("age_years"), data.get("age_months")
        if years is None and months is None:
            return data
        if data.get("date_of_birth") and "date_of_birth" in self.changed_data:
            self.add_error(
                "age_years", "Give either a date of birth or an approximate age, not both."
            )
            return data
        data["date_of_birth"] = estimated_date_of_birth(years or 0, months or 0)
        data["date_of_birth_estimated"] = True
        return data

    def _post_clean(self):
        # The edit form has no date-of-death field: check the new date of birth against the
        # recorded death here, so the message lands on a field the user can see.
        born, died = self.cleaned_data.get("date_of_birth"), self.instance.deceased_on
        if born and died and born > died:
            self.add_error("date_of_birth", "The date of birth cannot be after the date of death.")
        super()._post_clean()


class WeightForm(forms.ModelForm):
    weight_kg = forms.DecimalField(
        label="Weight (kg)",
        min_value=WeightRecord.MIN_KG,
        max_value=WeightRecord.MAX_KG,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        error_messages={
            "min_value": "A weight must be at least 0.1 kg.",
            "max_value": "A weight above 120 kg is not plausible for a dog.",
            "max_decimal_places": "Give the weight to one decimal place, e.g. 24.5.",
            "invalid": "Enter the weight in kilograms, e.g. 24.5.",
        },
    )

    class Meta:
        model = WeightRecord
        fields = ["recorded_on", "weight_kg"]
        widgets = {"recorded_on": DateInput}
        labels = {"recorded_on": "Date"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_weight_kg(self):
        return Decimal(self.cleaned_data["weight_kg"]).quantize(Decimal("0.1"))


class DeceasedForm(forms.ModelForm):
    """Mark a dog deceased (vets and the administrator only)."""

    field_order = [
        "name", "breed", "breed_other", "sex", "neutered", "date_of_birth", "age_years",
        "age_months", "date_of_birth_estimated",
    ]

    class Meta:
        model = Dog
        fields = ["deceased_on"]
        widgets = {"deceased_on": DateInput}
        labels = {"deceased_on": "Date of death"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deceased_on"].required = True
        self.helper = _helper()

    def _post_clean(self):
        self.instance.is_deceased = True
        super()._post_clean()
