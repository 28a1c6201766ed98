from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.exams import Exam
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.validators import NOTE_TEXT, text_limit, validate_no_control_characters


class ExamAddendum(models.Model):
    """A correction or addition to a signed exam, shown beside the original. Never edited."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(
        "why", max_length=200, validators=[validate_no_control_characters],
        help_text="E.g. 'wrong site recorded', 'lab result came back'."
    )
    text = models.TextField(**text_limit(NOTE_TEXT))

    objects = ClinicalNotesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "exam addenda"

    def __str__(self):
        return f"Addendum to {self.exam} by {self.author}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("An addendum cannot be changed; add another one.")
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.exam_id and not self.exam.is_signed:
            raise ValidationError("A draft exam is edited directly; addenda are for signed exams.")
