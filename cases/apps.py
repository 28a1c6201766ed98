from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    label = "cases"
    verbose_name = "Calcinosis cutis cases"

    def ready(self):
        from cases import contributions

        contributions.register()
