from django.apps import AppConfig


class SitesConfig(AppConfig):
    # Labelled apart from django.contrib.sites (a different idea: one domain per Site).
    name = "clinic.sites"
    label = "clinic_sites"
    verbose_name = "Clinic sites"
