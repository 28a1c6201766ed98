from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    label = "cases"
    verbose_name = "Calcinosis cutis cases"

    def ready(self):
        from cases.contributions import dog_cases_section, exam_entries
        from cases.services.observations import observation_timeline_entries
        from cases.timeline import register_timeline_source
        from clinic.patients.sections import register_dog_section

        register_timeline_source("exam", "Exams", exam_entries)
        register_dog_section(
            "cases", "Calcinosis cutis cases", "cases/includes/dog_cases.html",
            dog_cases_section, order=20,
        )
        register_timeline_source("home_observation", "Owner reports", observation_timeline_entries)

        from cases.services.treatment import register_treatment

        register_treatment()

        from cases import diagnostics_registry

        diagnostics_registry.register()
