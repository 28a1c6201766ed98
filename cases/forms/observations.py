from django import forms


class AcknowledgeObservationForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. 'Phoned the owner, recheck booked for tomorrow'.",
    )
