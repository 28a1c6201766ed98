"""The demo's diagnostics: biopsies at every step, X-rays with a DICOM image, panels."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Biopsy, Case, ClinicalSettings, ImagingStudy, LabPanel, StudyImage
from clinic.accounts.models import User
from clinic.patients.models import Dog

pytestmark = pytest.mark.django_db

CASES = {"Bramble": "managing", "Tess": "confirmed", "Rufus": "in_remission",
         "Milo": "suspected", "Nell": "ruled_out", "Kaiser": "resolved"}


@pytest.fixture
def demo(settings):
    """The demo clinic with a case per dog (the cases section supplies these once merged)."""
    settings.DEBUG = True
    call_command("seed_demo")
    vet = User.objects.get(email="vet@example.com")
    today = timezone.localdate()
    for name, status in CASES.items():
        dog = Dog.objects.get(name=name)
        if not dog.cases.exists():
            closed = status in Case.CLOSED_STATUSES
            Case.objects.create(
                dog=dog, attending_vet=vet, status=status, presenting_complaint="Plaques",
                opened_on=today - timedelta(days=320),
                closed_on=today - timedelta(days=30) if closed else None,
            )
    call_command("seed_demo")


def test_it_has_a_biopsy_at_every_step_and_confirms_nothing_twice(demo):
    assert set(Biopsy.objects.values_list("status", flat=True)) == set(Biopsy.Status.values)
    bramble = Biopsy.objects.filter(case__dog__name="Bramble", status="reported").get()
    assert bramble.conclusion == "consistent"
    assert bramble.consent.signature
    milo = Case.objects.get(dog__name="Milo")
    assert milo.status == "suspected"  # no report yet


def test_its_studies_have_images_and_one_is_a_dicom_file(demo):
    assert ImagingStudy.objects.filter(case__dog__name="Bramble").get().images.count() == 2
    dicom = StudyImage.objects.filter(source="dicom").first()
    assert dicom.modality == "DX"
    assert dicom.original


def test_its_panels_tell_each_dogs_story(demo):
    threshold = ClinicalSettings.load().ca_p_threshold_mg
    for case in Case.objects.filter(status__in=Case.OPEN_STATUSES):
        assert case.lab_panels.count() >= 2, case
    bramble = LabPanel.objects.filter(case__dog__name="Bramble").order_by("collected_on")[0]
    flags = {v.analyte.code: v.flag for v in bramble.values.all()}
    assert (flags["alp"], flags["calcium"]) == ("high", "normal")
    tess = LabPanel.objects.filter(case__dog__name="Tess").order_by("collected_on")[0]
    assert {v.analyte.code: v.flag for v in tess.values.all()}["phosphate"] == "high"
    assert tess.ca_p_product(threshold).above_threshold


def test_seeding_again_adds_nothing(demo):
    counts = [m.objects.count() for m in (Biopsy, ImagingStudy, StudyImage, LabPanel)]
    call_command("seed_demo")
    assert [m.objects.count() for m in (Biopsy, ImagingStudy, StudyImage, LabPanel)] == counts


def test_brambles_monitoring_acth_tests_show_good_control_by_the_label_bands(demo):
    rules = ClinicalSettings.load()
    panels = LabPanel.objects.filter(case__dog__name="Bramble", acth_purpose="monitoring")
    assert panels.count() == 2
    for panel in panels:
        assert panel.is_monitoring_acth
        assert not panel.timing_caveat
        post = panel.values.get(analyte__code="cortisol_post_acth")
        assert post.flag == "low"  # against the diagnostic interval, which no longer applies
        judgement = post.judge(rules)
        assert (judgement.level, judgement.replaces_interval) == ("ok", True)
        assert "good control" in judgement.text
        assert not panel.na_k_ratio(rules.na_k_ratio_warn_below).low
    rufus = LabPanel.objects.get(case__dog__name="Rufus", kind="acth_stimulation")
    assert rufus.acth_purpose == "diagnostic"


def test_the_demo_biopsies_agree_with_their_case_notes(demo):
    nell = Biopsy.objects.get(case__dog__name="Nell", status="reported")
    assert "Sebaceous adenoma" in nell.histopathology
    assert "adenitis" not in nell.histopathology
    assert "sebaceous adenoma" in nell.case.cause_note
    kaiser = Biopsy.objects.get(case__dog__name="Kaiser")
    assert kaiser.owner_summary == "The biopsy confirmed calcinosis circumscripta."


def test_tess_kidney_values_are_staged_by_iris(demo):
    rules = ClinicalSettings.load()
    values = {v.analyte.code: v for p in LabPanel.objects.filter(case__dog__name="Tess")
              for v in p.values.all()}
    assert "IRIS stage 3" in values["creatinine"].judge(rules).text
    assert "Proteinuric" in values["upc"].judge(rules).text
