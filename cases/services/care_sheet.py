"""The printable care sheet of a treatment plan: one context, one page, one PDF, for staff
and for the owner; the views only choose the audience (the page around the sheet)."""

import io

from django.contrib.staticfiles import finders
from django.http import FileResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from cases.services.care import care_schedule, schedule_grid
from clinic.sites.models import Clinic

CARE_SHEET_DAYS = 14


def care_sheet_context(plan):
    # A sheet printed today starts today (or on the day a newer plan was published).
    start = max(plan.published_on or timezone.localdate(), timezone.localdate())
    schedule = care_schedule(plan, start, CARE_SHEET_DAYS)
    # The site that follows the case up is the one the owner calls.
    site = plan.case.attending_site or Clinic.objects.main()
    return {
        "plan": plan, "dog": plan.case.dog, "owner": plan.case.dog.owner,
        "schedule": schedule, "schedule_grid": schedule_grid(schedule),
        "clinic_phone": site.phone, "clinic_name": site.name,
        "clinic_address": site.address, "sheet_footer": site.sheet_footer,
        "printed_on": timezone.localdate(),
    }


def care_sheet_page(request, plan, *, template):
    """The sheet as a web page to print; `template` is the audience's page around it."""
    return render(request, template, care_sheet_context(plan))


def care_sheet_pdf(plan):
    """The sheet as a PDF download, for staff and the owner alike; never kept in a cache
    (a shared computer's browser must not keep a clinical document)."""
    name = f"care-sheet-{plan.case.dog.name.lower()}-v{plan.version}.pdf"
    # The dog's name is typed by staff: FileResponse quotes and encodes it
    # (content_disposition_header), never string formatting.
    response = FileResponse(
        io.BytesIO(care_sheet_pdf_document(plan).write_pdf()), as_attachment=True,
        filename=name, content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def care_sheet_pdf_document(plan):
    """The care sheet laid out as PDF pages (WeasyPrint), from local files only."""
    CSS, HTML = _weasyprint()
    html = render_to_string("cases/treatment/care_sheet_document.html", care_sheet_context(plan))
    return HTML(string=html, url_fetcher=_no_fetch).render(
        stylesheets=[CSS(filename=finders.find("css/care-sheet.css"))]
    )


def _weasyprint():
    """WeasyPrint's CSS and HTML, imported only when a PDF is asked for (heavy).

    Importing it switches on PIL's loading of truncated images for the whole process; the
    upload checks (clinic.lib.uploads) need that off, so it is switched back at once.
    """
    from PIL import ImageFile
    from weasyprint import CSS, HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return CSS, HTML


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The care sheet PDF loads nothing external ({url}).")
