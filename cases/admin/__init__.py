"""Admin registrations, one module per concern (imported here for autodiscovery)."""

from cases.admin import (
    case,  # noqa: F401
    diagnostics,  # noqa: F401
)
