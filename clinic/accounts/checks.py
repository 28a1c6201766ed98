from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def admin_two_factor_required(app_configs, **kwargs):
    """In production the administrator's account opens everything: it needs a second factor."""
    if settings.DEBUG or settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED:
        return []
    return [Warning(
        "Two-factor authentication is not required for the administrator.",
        hint="Remove CLINIC_ADMIN_TWO_FACTOR_REQUIRED=0 from the environment (production "
             "requires it by default); see docs/operations.md.",
        id="accounts.W001",
    )]
