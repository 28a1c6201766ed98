"""Putting a service's refusal on the form the user filled in."""


def show_errors(form, error, *, field=None):
    """Put a service's ValidationError on the form: on the fields it names, and an error
    that names none on `field` (when the form has it) or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field if field in form.fields else None, error.messages)
