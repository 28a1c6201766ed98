"""clinic.lib.cache.SharedValue: built once, then read from the cache, and dropped for every
key when a model it depends on is saved or deleted (now and again at commit)."""

import pytest

from cases.models import Analyte
from clinic.lib.cache import SharedValue
from clinic.patients.models import Breed

pytestmark = pytest.mark.django_db

built = []


def _build(*parts):
    built.append(parts)
    return list(Breed.objects.values_list("name", flat=True)), parts


VALUE = SharedValue("tests:breeds", _build, depends_on=["patients.Breed"])


def test_a_value_is_built_once_per_key_until_its_models_change(
    django_capture_on_commit_callbacks
):
    built.clear()
    assert VALUE.get() == VALUE.get()
    VALUE.get("a")
    VALUE.get("a")
    assert built == [(), ("a",)]

    Analyte.objects.first().save()  # another model: nothing dropped
    VALUE.get()
    assert len(built) == 2

    with django_capture_on_commit_callbacks(execute=True):
        breed = Breed.objects.create(name="Test Hound")
    names, _ = VALUE.get()
    assert "Test Hound" in names
    VALUE.get("a")
    assert len(built) == 4  # every key went

    breed.delete()
    assert "Test Hound" not in VALUE.get()[0]


def test_a_stored_none_is_not_built_again():
    calls = []
    value = SharedValue("tests:none", lambda: calls.append(1), depends_on=[])
    assert value.get() is None
    assert value.get() is None
    assert calls == [1]
