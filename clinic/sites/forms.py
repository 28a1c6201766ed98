from django import forms


class SiteSwitchForm(forms.Form):
    """The staff navigation's site switcher: only the sites this person may look at."""

    site = forms.TypedChoiceField(coerce=int, error_messages={
        "invalid_choice": "You do not work at that site.",
    })

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {site.pk: site for site in sites}
        self.fields["site"].choices = [(site.pk, site.name) for site in sites]

    def chosen_site(self):
        return self.sites[self.cleaned_data["site"]]
