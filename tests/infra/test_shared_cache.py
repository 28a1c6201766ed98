"""The shared Redis cache: clinical settings and the analyte list are read from it, and a
change made anywhere drops the cached copy for every node."""

import pytest
from django.core.cache import cache, caches
from django_redis.cache import RedisCache

from cases.models import Analyte, ClinicalSettings
from tests.infra.services import REDIS_KEY_PREFIX

pytestmark = pytest.mark.django_db


def test_the_tests_use_redis_under_a_prefix_of_their_own(redis_cache):
    assert isinstance(caches["default"], RedisCache)
    cache.set("probe", 1)
    assert cache.client.get_client().exists(f"{REDIS_KEY_PREFIX}:1:probe")


def test_clinical_settings_come_from_the_cache_after_the_first_read(
    redis_cache, django_assert_num_queries
):
    ClinicalSettings.load()  # made on first use; its creation drops the entry it built
    ClinicalSettings.load()
    with django_assert_num_queries(0):
        assert ClinicalSettings.load().pending_result_days == 14


def test_saving_the_clinical_settings_drops_the_cached_copy(
    redis_cache, django_capture_on_commit_callbacks
):
    ClinicalSettings.load()
    with django_capture_on_commit_callbacks(execute=True):
        changed = ClinicalSettings.load()
        changed.pending_result_days = 21
        changed.save()
    assert ClinicalSettings.load().pending_result_days == 21


def test_the_analyte_list_is_cached_and_dropped_when_an_analyte_changes(
    redis_cache, django_assert_num_queries
):
    names = [a.name for a in Analyte.reference_list()]
    with django_assert_num_queries(0):
        assert [a.name for a in Analyte.reference_list()] == names
    calcium = Analyte.objects.get(code="calcium")
    calcium.name = "Calcium (renamed in the admin)"
    calcium.save()
    assert "Calcium (renamed in the admin)" in [a.name for a in Analyte.reference_list()]

