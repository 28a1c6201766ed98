from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    label = "cases"
    verbose_name = "Calcinosis cutis cases"

    def ready(self):
        from cases.services.observations import observation_timeline_entries
        from cases.timeline import register_timeline_source

        register_timeline_source("home_observation", "Owner reports", observation_timeline_entries)
