from clinic.accounts.two_factor import suggest_enrolment


def two_factor(request):
    """Whether to show the banner asking the administrator to set up two-factor (demo)."""
    return {"suggest_two_factor": suggest_enrolment(request)}
