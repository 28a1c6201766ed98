"""Validators for input any form may receive: plausible dates, clean names, bounded text.

A date outside these bounds is a typing slip (0001-01-01, 9999-12-31) that would
otherwise overflow date arithmetic further on, so it is refused next to its field.
"""

import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format

# No dog in a clinical record was born, nor a case opened, before this.
EARLIEST_DATE = date(1980, 1, 1)
# Nothing is planned or booked further ahead than this.
YEARS_AHEAD = 5


def latest_date():
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def is_plausible(day):
    return EARLIEST_DATE <= day <= latest_date()


def validate_plausible_date(value):
    day = timezone.localtime(value).date() if isinstance(value, datetime) else value
    if not is_plausible(day):
        raise ValidationError(
            "Enter a date between %(earliest)s and %(latest)s.",
            code="implausible_date",
            params={
                "earliest": date_format(EARLIEST_DATE),
                "latest": date_format(latest_date()),
            },
        )


def validate_no_control_characters(value):
    # Newlines, NUL and bidirectional overrides in a name break calendar files, PDF
    # headers and the order in which staff pages read.
    if any(unicodedata.category(char) in {"Cc", "Cf"} for char in value):
        raise ValidationError(
            "Use letters, digits, spaces and punctuation only (no line breaks or "
            "invisible control characters).",
            code="control_characters",
        )


# Length limits of free text, in characters: a few lines (a reason, a summary for the
# owner), a clinical note, a document (consent wording, a histopathology report, the
# owner's care instructions). Generous for real use; a megabyte pasted by mistake or abuse
# is refused next to its field.
SHORT_TEXT = 2000
NOTE_TEXT = 10000
DOCUMENT_TEXT = 20000


def text_limit(chars):
    """Keyword arguments for a TextField of at most `chars` characters. `max_length` alone
    only reaches the form field; the validator makes `full_clean()` (services, the admin)
    refuse longer text too."""
    return {"max_length": chars, "validators": [MaxLengthValidator(chars)]}
