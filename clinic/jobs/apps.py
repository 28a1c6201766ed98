from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "clinic.jobs"
    label = "jobs"
    verbose_name = "Scheduled jobs"
