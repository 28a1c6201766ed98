from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "clinic.scheduling"
    label = "scheduling"
    verbose_name = "Appointments and scheduling"

    def ready(self):
        from cases.timeline import register_timeline_source
        from clinic.patients.sections import register_dog_section
        from clinic.scheduling import sections

        register_dog_section(
            "appointments", "Appointments", "scheduling/includes/dog_appointments.html",
            sections.dog_appointments, order=40,
        )
        register_timeline_source("appointment", "Appointments", sections.case_appointments)
