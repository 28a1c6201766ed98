"""The clinic's one way of writing dates and times (UK practice: "1 Dec 2026", 24-hour
clock), used by every page, document and message through Django's `date` filter and
`django.utils.formats.date_format`."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
