"""The owner's side of a plan: the composed care instructions and the day-by-day schedule."""

import hashlib
import re
import string
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.formats import date_format

from cases.models import CareWording, ItemKind, Route

Topic = CareWording.Topic


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _fill(text, **values):
    filled = string.Formatter().vformat(text, (), _Blank(values))
    filled = re.sub(r"[ \t]+", " ", filled)
    filled = re.sub(r"\n ", "\n", filled)
    return re.sub(r" ([.,:;])", r"\1", filled).strip()


def _topic_for(item):
    if item.drug_id and item.drug.needs_calcium_monitoring:
        return Topic.TOPICAL_DMSO
    if item.drug_id and item.drug.needs_acth_monitoring:
        return Topic.TRILOSTANE
    return Topic(item.kind)


def _what(item):
    if item.drug_id and item.dose_display:
        return f"{item.drug.name} — {item.dose_display}"
    return item.name


def taper_steps(items):
    """{drug name: [step items by date]}: each tapered drug's steps, for the owner."""
    steps = {}
    for item in sorted((i for i in items if i.is_taper),
                       key=lambda i: (i.name, i.start_date)):
        steps.setdefault(item.name, []).append(item)
    return steps


def _step_lines(steps):
    lines = []
    for step in steps:
        how_often = step.get_frequency_display().lower() if step.frequency else "as shown"
        dose = step.dose_display or step.name
        lines.append(f"- {date_format(step.start_date)} to {date_format(step.end_date)}: {dose}, "
                     f"{how_often}")
    last = steps[-1].end_date
    lines.append(f"- from {date_format(last + timedelta(days=1))}: none — stopped")
    return "\n".join(lines)


def general_warning_signs(dog_name, wording=None):
    """The clinic's own list of when to call at once (CareWording, from domain.md "What
    owners are told"), for `dog_name`: the one wording of the signs every dog's owner is
    given, which a plan's warning signs start from (adding its drugs' own)."""
    text = (CareWording.by_topic() if wording is None else wording).get(Topic.WARNING_SIGNS, "")
    return _fill(text, dog=dog_name)


def warning_signs_for(dog, plan):
    """What the owner of `dog` is told to call at once about, worded once: the published
    plan's warning signs (the clinic's general ones plus its drugs' own, as the vet
    published them), or the clinic's general ones when there is no plan."""
    if plan is not None and plan.owner_warning_signs.strip():
        return plan.owner_warning_signs
    return general_warning_signs(dog.name)


def compose_owner_text(plan):
    """(instructions, warning signs) from the clinic's wording, for the vet to edit.

    A steroid taper is one paragraph with its steps and dates, in the taper wording (the
    steroid is being withdrawn: it never 'treats the cause')."""
    wording = CareWording.by_topic()
    dog = plan.case.dog.name
    items = list(plan.items.all())
    # The case's own disease: a circumscripta case is never called calcinosis cutis.
    paragraphs = [_fill(wording.get(Topic.INTRODUCTION, ""), dog=dog,
                        disease=plan.case.disease_name_for_owner)]
    tapers = taper_steps(items)
    for item in items:
        if item.is_taper:
            steps = tapers[item.name]
            if steps[0] is item:  # the whole taper once, where its first step is
                details = " ".join(dict.fromkeys(s.instructions for s in steps if s.instructions))
                paragraphs.append(_fill(wording.get(Topic.TAPER, ""), what=item.name, dog=dog,
                                        steps=_step_lines(steps), details=details))
            continue
        text = wording.get(_topic_for(item), wording.get(Topic.OTHER, "{what}"))
        how_often = item.get_frequency_display().lower() if item.frequency else "as shown"
        paragraphs.append(_fill(
            text, what=_what(item), dog=dog, area=item.area_display.lower() or "affected areas",
            how_often=how_often, details=item.instructions,
        ))
    paragraphs.append(_fill(wording.get(Topic.EXPECTATIONS, ""), dog=dog))
    warnings = [general_warning_signs(dog, wording)]
    if any(item.drug_id and item.drug.needs_acth_monitoring for item in items):
        warnings.append(_fill(wording.get(Topic.WARNING_TRILOSTANE, ""), dog=dog))
    if tapers:
        warnings.append(_fill(wording.get(Topic.WARNING_TAPER, ""), dog=dog))
    return (
        "\n\n".join(p for p in paragraphs if p),
        "\n\n".join(w for w in warnings if w),
    )


OWNER_FACING_ITEM_FIELDS = ("kind", "drug_id", "strength_id", "dose_mg_per_kg", "units_per_dose",
                            "route", "frequency", "start_date", "end_date", "is_taper",
                            "body_site", "area_note", "procedure", "description",
                            "instructions")


def items_signature(plan):
    """A fingerprint of what the owner's text describes: changes when an item changes."""
    rows = sorted(
        repr(tuple(str(getattr(item, name)) for name in OWNER_FACING_ITEM_FIELDS))
        for item in plan.items.all()
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def task_text(item):
    """What the owner does for one dose of `item`, in plain words."""
    if item.drug_id:
        dose = item.dose_display
        if item.route == Route.TOPICAL or item.kind == ItemKind.TOPICAL:
            area = f" to the {item.area_display.lower()}" if item.area_display else ""
            gloves = " (wear gloves)" if item.drug.needs_calcium_monitoring else ""
            return f"Apply {item.drug.name}{area}{gloves}"
        if dose:
            return f"Give {dose} of {item.drug.name}"
        return f"Give {item.drug.name}"
    area = f" — {item.area_display.lower()}" if item.area_display else ""
    return f"{item.name}{area}"


@dataclass(frozen=True)
class CareTask:
    key: str  # stable across days: f"{item.pk}:{dose_index}"; the portal adds the date
    time: str
    text: str
    item: object


@dataclass
class CareDay:
    date: object
    tasks: list = field(default_factory=list)


def care_schedule(plan, start_date, days):
    """The owner's day-by-day list: `days` days from `start_date`, each with its tasks.

    Items given 'as needed' and surgery are not on the list (they are in the instructions).
    """
    schedule = [CareDay(start_date + timedelta(days=n)) for n in range(days)]
    for item in plan.items.all():
        if item.kind == ItemKind.SURGERY or not item.schedule:
            continue
        times, every = item.schedule
        text = task_text(item)
        for day in schedule:
            if not item.is_active_on(day.date):
                continue
            offset = (day.date - item.start_date).days
            if (every is None and offset != 0) or (every and offset % every):
                continue
            day.tasks.extend(
                CareTask(f"{item.pk}:{index}", time, text, item) for index, time in enumerate(times)
            )
    order = {"Morning": 0, "Any time": 1, "Afternoon": 2, "Evening": 3}
    for day in schedule:
        day.tasks.sort(key=lambda task: order[task.time])
    return schedule


def schedule_grid(schedule):
    """The schedule as rows of tasks × days (True where the task falls that day): the
    printed sheet's tick chart."""
    rows = {}
    for column, day in enumerate(schedule):
        for task in day.tasks:
            row = rows.setdefault(task.key, (task, [False] * len(schedule)))
            row[1][column] = True
    return list(rows.values())
