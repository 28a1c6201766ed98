"""No lost updates: one optimistic lock for every record two people can edit at once.

A `VersionedModel` row carries `lock_version`, raised by one on every save. Saving an existing
row updates it only `WHERE pk = … AND lock_version = <the version this copy was read at>`;
when no row matches, someone saved it in between and `StaleRecordError` is raised instead of
overwriting their change. The check sits in the model's update, so forms, services and the
admin all obey it.

`VersionedForm` carries the version the person opened in a hidden field. When it is out of
date on saving, the form is not saved: it says who changed the record and when, shows the
value now stored next to the value typed for each field they changed, and keeps what was
typed, so the person can merge and save again. `VersionedAdminMixin` gives the admin the same.
"""

import copy

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

LOCK_FIELD = "lock_version"


class StaleRecordError(Exception):
    """The row was saved by someone else after this copy of it was read."""

    def __init__(self, record):
        self.record = record
        self.current = type(record)._base_manager.filter(pk=record.pk).first()
        self.changed_by, self.changed_at = _last_change(self.current)
        super().__init__(
            f"{_record_name(record)} was changed {_by_and_at(self.changed_by, self.changed_at)} "
            "since you opened it."
        )


class VersionedModel(models.Model):
    """Abstract base for an editable record: stale saves raise StaleRecordError."""

    lock_version = models.PositiveIntegerField(
        default=1, editable=False,
        help_text="Raised on every save; a save from an older copy is refused.",
    )

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        read_at = self.lock_version
        field = self._meta.get_field(LOCK_FIELD)
        values = [v for v in values if v[0] is not field] + [(field, None, read_at + 1)]
        updated = super()._do_update(
            base_qs.filter(lock_version=read_at), using, pk_val, values, update_fields,
            forced_update,
        )
        if updated:
            self.lock_version = read_at + 1
        elif base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(self)
        return updated


def bump_lock_version():
    """For `QuerySet.update(..., **bump_lock_version())`: a bulk change makes open forms stale
    too."""
    return {LOCK_FIELD: F(LOCK_FIELD) + 1}


def _last_change(record):
    # Every versioned model keeps django-simple-history; its newest row is the last save.
    latest = record.history.order_by("-history_date", "-history_id").first() if record else None
    if latest is None:
        return None, None
    return latest.history_user, latest.history_date


def _record_name(record):
    return f"This {record._meta.verbose_name}"


def _by_and_at(user, when):
    who = f"by {user.get_full_name() or user.get_username()}" if user else "by someone else"
    at = f" at {date_format(timezone.localtime(when), 'DATETIME_FORMAT')}" if when else ""
    return who + at


def _shown(record, name):
    """A field's value as a person reads it on the form."""
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if value is None or value == "":
        return "(empty)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return date_format(value)
    return Truncator(str(value)).chars(120)


class VersionedForm(forms.Form):
    """Base for the edit form of a VersionedModel (put it first among the bases).

    A plain Form (not a ModelForm) passes the record as `instance=`; its fields named like the
    model's are compared with it.
    """

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # True when the page saves more than this form's fields with the record (rows of a
    # formset): then any newer version is a conflict, not only one in the fields shown.
    every_change_conflicts = False

    def __init__(self, *args, **kwargs):
        if not isinstance(self, forms.BaseModelForm):
            self.instance = kwargs.pop("instance")
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial[LOCK_FIELD] = self.instance.lock_version

    def _post_clean(self):
        super()._post_clean()
        opened = self.cleaned_data.get(LOCK_FIELD)
        # A client that does not send the version (a script, an old page) still gets the
        # model's check between this request's read and its save.
        if self.instance.pk is None or opened is None or opened == self.instance.lock_version:
            return
        current = type(self.instance)._base_manager.get(pk=self.instance.pk)
        # When only what this form does not show changed (a reminder sent, say), saving the
        # fields shown loses nothing: the model still checks the copy read in this request.
        if self.every_change_conflicts or self._their_changes(opened, current):
            self.show_conflict(StaleRecordError(self.instance), opened)

    def save_unless_stale(self, save=None):
        """Run `save` (default: the form's own); True when saved. A record saved by someone
        else in the meantime puts the conflict on the form instead."""
        try:
            # A savepoint: the refused save is rolled back alone, and the form can still
            # read the record to show the conflict.
            with transaction.atomic():
                (save or self.save)()
        except StaleRecordError as error:
            self.show_conflict(error)
            return False
        return True

    def show_conflict(self, error, opened=None):
        """Put `error` on the form; `opened` is the version the person opened (by default
        the one the failed save was made from)."""
        opened = opened or error.record.lock_version
        current = error.current
        self.add_error(None, (
            f"{error} Nothing you typed is saved yet: each field marked below shows what it "
            "holds now and what you typed. Keep or correct your values, then save again."
        ))
        yours = self._yours(current)
        for name in self._their_changes(opened, current) or self._shown_fields(current):
            if name in self.errors or _shown(current, name) == _shown(yours, name):
                continue
            self.add_error(name, f"Changed since you opened it. Now: {_shown(current, name)} "
                                 f"— yours: {_shown(yours, name)}.")
        # Saving again after reading this means "keep what I have now": a fresh version.
        self.data = self.data.copy()
        self.data[self.add_prefix(LOCK_FIELD)] = current.lock_version

    def _shown_fields(self, record):
        names = {f.name for f in record._meta.concrete_fields if f.editable}
        return [name for name in self.fields if name in names]

    def _their_changes(self, opened, current):
        """The fields of this form someone else changed since version `opened`, from the
        history row saved at that version; every shown field when it cannot be found."""
        base = (current.history.filter(lock_version=opened)
                .order_by("-history_date", "-history_id").first())
        if base is None:
            return self._shown_fields(current)
        return [
            name for name in self._shown_fields(current)
            if getattr(base, current._meta.get_field(name).attname)
            != getattr(current, current._meta.get_field(name).attname)
        ]

    def _yours(self, current):
        if isinstance(self, forms.BaseModelForm):
            return self.instance
        yours = copy.copy(current)
        for name in self._shown_fields(current):
            if self.cleaned_data.get(name) is not None:
                setattr(yours, name, self.cleaned_data[name])
        return yours


class VersionedAdminMixin:
    """For the ModelAdmin of a VersionedModel: its change form refuses a stale save too."""

    def get_form(self, request, obj=None, **kwargs):
        from django.contrib.admin.utils import flatten_fieldsets  # the admin loads after models

        base = kwargs.get("form", self.form)
        if not issubclass(base, VersionedForm):
            kwargs["form"] = type(base.__name__, (VersionedForm, base), {})
        # The hidden version is a field of the form, not one of the model form's Meta.
        names = kwargs.get("fields")
        if "fields" not in kwargs:
            names = flatten_fieldsets(self.get_fieldsets(request, obj))
        if names is not None:
            kwargs["fields"] = [name for name in names if name != LOCK_FIELD]
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        from django.contrib.admin.utils import flatten_fieldsets

        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or LOCK_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (None, {"fields": [LOCK_FIELD]})]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError:
            # Saved by someone else between this request's check and its save (the admin's
            # transaction is rolled back): answer again, which now shows the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)
