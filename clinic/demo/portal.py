"""Demo home reports for owner@example.com's dogs (one urgent on trilostane, with a photo, and
one priority review, both awaiting a vet)
and a pending invitation for an owner without a login. Safe to run twice."""

import io
import random
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from cases.models import HomeObservation
from cases.services.observations import record_home_observation
from clinic.lib.uploads import process_image
from clinic.portal.models import Invitation, hash_invitation_token

# Development only (seed_demo refuses to run without DEBUG): a known link, so whoever
# tries the demo can accept it at /portal/invitation/<DEMO_INVITATION_TOKEN>/.
DEMO_INVITATION_TOKEN = "demo-invitation-michael-adeyemi"
DEMO_INVITED_OWNER = "m.adeyemi@example.net"

REPORTS = [
    # dog, days ago, trend, itch, pain signs, other signs, appetite, note, with photo
    ("Bramble", 12, "better", 4, [], [], "increased",
     "The patches on her neck look a bit flatter. Still hungry all the time.", False),
    ("Pip", 6, "same", 1, [], [], "normal", "No change; he is his usual self.", False),
    # Worse-looking lesions alone: a priority review for the vet, not a call-now alarm.
    ("Bramble", 3, "worse", 5, [], [], "increased",
     "The patch on her neck looks redder than last week.", False),
    # On trilostane, vomiting and lethargy: urgent, and the owner is told to stop the dose.
    ("Bramble", 1, "same", 5, ["licking_lesion"], ["vomiting", "lethargy"], "reduced",
     "She was sick twice this morning after her breakfast and tablet and has been flat all "
     "day. The sore on her back has opened up and she keeps licking it.", True),
]


def lesion_photo():
    """A made-up close-up: pink skin with white gritty plaques (no real patient)."""
    rng = random.Random(7)
    img = Image.new("RGB", (800, 600), (214, 150, 140))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y, r = rng.randint(200, 600), rng.randint(150, 450), rng.randint(6, 22)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(238, 232, 220))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return process_image(SimpleUploadedFile("lesion.jpg", out.getvalue(), "image/jpeg"))


def seed(context):
    today = timezone.localdate()
    owner_user = context["owner@example.com"]
    for name, days_ago, trend, itch, pain, signs, appetite, note, with_photo in REPORTS:
        dog = context[f"dog:{name}"]
        if HomeObservation.objects.filter(dog=dog, note=note).exists():
            continue
        record_home_observation(
            dog, owner_user, images=[lesion_photo()] if with_photo else [],
            observed_on=today - timedelta(days=days_ago), lesion_trend=trend,
            itch_score=itch, pain_signs=pain, signs=signs, appetite=appetite, note=note,
        )

    owner = context["owners"][DEMO_INVITED_OWNER]
    Invitation.objects.update_or_create(
        token_hash=hash_invitation_token(DEMO_INVITATION_TOKEN),
        defaults={
            "owner": owner, "email": owner.email, "created_by": context["reception@example.com"],
            "expires_at": timezone.now() + timedelta(days=settings.CLINIC_INVITATION_DAYS),
            "used_at": None, "revoked_at": None,
        },
    )
