"""Owners' care text: paragraphs separated by blank lines; lines starting '- ' are a list."""

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

from cases.services.care import schedule_grid

register = template.Library()


@register.filter
def care_paragraphs(text):
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        intro = [line for line in lines if not line.startswith("- ")]
        bullets = [line[2:] for line in lines if line.startswith("- ")]
        if intro:
            blocks.append(f"<p>{conditional_escape(' '.join(intro))}</p>")
        if bullets:
            items = format_html_join("", "<li>{}</li>", ((b,) for b in bullets))
            blocks.append(f"<ul>{items}</ul>")
    return mark_safe("".join(blocks))  # every piece of text above is escaped


@register.filter
def week_grid(schedule):
    """The schedule as rows of tasks × days, for the compact week table owners read on a
    phone (each task once, not once a day)."""
    return schedule_grid(schedule)
