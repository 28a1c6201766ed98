"""Admin registrations, one module per concern (imported here for autodiscovery)."""

from cases.admin import case, diagnostics, exams, observations, treatment  # noqa: F401
