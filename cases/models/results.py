"""Results a vet may share with the owner: a biopsy report, an X-ray study, a lab panel."""

from django.db import models

from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.validators import SHORT_TEXT, text_limit


class SharedResultQuerySet(ClinicalNotesQuerySet):
    def shared_with_owner(self):
        return self.filter(shared_with_owner=True)


class SharedResult(models.Model):
    """Only what the vet chose to share reaches the portal, and only its plain-words
    `owner_summary`: never the findings themselves (clinic.portal.access asks for them)."""

    shared_with_owner = models.BooleanField(default=False)
    owner_summary = models.TextField(
        blank=True, help_text="In plain words for the owner.", **text_limit(SHORT_TEXT)
    )

    # How the portal names a result of this kind, and the date it shows.
    owner_title = ""

    objects = SharedResultQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def owner_result_date(self):
        raise NotImplementedError

    def owner_result(self):
        """(date, what, summary): the whole of a shared result an owner is shown."""
        return (self.owner_result_date, self.owner_title, self.owner_summary)

    @classmethod
    def kinds(cls):
        """Every model whose results can be shared (each one subclasses this)."""
        return cls.__subclasses__()
