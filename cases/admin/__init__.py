"""Admin registrations, one module per concern (imported here for autodiscovery)."""

from cases.admin import case, diagnostics, exams, treatment  # noqa: F401
