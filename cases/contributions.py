"""What cases and exams add to pages owned elsewhere: the case timeline and the dog page."""

from cases.models import Case, Exam
from cases.timeline import TimelineEntry


def exam_entries(case, user):
    return [
        TimelineEntry(
            kind="exam", when=exam.examined_on,
            title=f"Exam by {exam.vet.get_full_name()}", template="cases/timeline/exam.html",
            obj=exam,
        )
        for exam in Exam.objects.visible_to(user).filter(case=case).with_details()
    ]


def dog_cases_section(dog, user):
    """The dog's cases with their status; the clinical links only for those who may read them."""
    if not user.has_perm("cases.view_case"):
        return None
    cases = list(Case.objects.visible_to(user).filter(dog=dog).select_related("attending_vet"))
    return {
        "cases": cases,
        "dog": dog,
        "can_open": user.has_perm("cases.add_case") and not any(c.is_open for c in cases),
        "clinical": user.has_perm("cases.view_exam"),
    }
