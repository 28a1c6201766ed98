from crispy_forms.helper import FormHelper
from django import forms

from cases.models import SteroidCourse


class SteroidCourseForm(forms.ModelForm):
    class Meta:
        model = SteroidCourse
        fields = ["drug", "route", "dose", "started_on", "stopped_on", "note"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stopped_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
