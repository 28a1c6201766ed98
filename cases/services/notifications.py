"""Urgent owner reports reach someone: the attending vet is told at once.

Besides the attending vet's dashboard and the clinic-wide urgent queue, the vet gets an
e-mail (through the task queue, after the report is committed) and, where the clinic has an
SMS gateway and the vet a mobile number, a text. Neither carries the clinical detail: they
name the dog and owner and link to the report, which needs a login.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from clinic.lib.mail import send_mail_on_commit
from clinic.lib.site import absolute_url
from clinic.lib.sms import gateway_configured, send_sms_on_commit


def notify_urgent_report(observation):
    """Tell the attending vet of `observation`'s case about it. A report on a dog with no
    open case has no attending vet: it waits in the urgent queue for whoever is on duty."""
    vet = observation.case.attending_vet if observation.case else None
    if vet is None or not vet.is_active:
        return
    dog = observation.dog
    link = absolute_url(reverse("cases:observation_detail", args=[observation.pk]))
    context = {
        "vet": vet, "dog": dog, "owner": dog.owner, "observation": observation, "link": link,
        "queue_link": absolute_url(reverse("cases:urgent_queue")),
        "clinic_name": settings.CLINIC_NAME,
    }
    send_mail_on_commit(
        f"Urgent home report: {dog.name} ({dog.owner.full_name})",
        render_to_string("cases/observations/email/urgent_report.txt", context),
        [vet.email],
    )
    if vet.mobile_phone and gateway_configured():
        send_sms_on_commit(
            vet.mobile_phone,
            render_to_string("cases/observations/email/urgent_report_sms.txt", context).strip(),
        )


def notify_owner_of_reply(reply):
    """E-mail the owner the clinic's reply to their report, with a link to it in the
    portal (where the reply is kept with the report)."""
    observation = reply.observation
    owner = observation.dog.owner
    address = owner.email or (owner.user.email if owner.user_id else "")
    if not address:
        return
    context = {
        "owner": owner, "dog": observation.dog, "reply": reply, "observation": observation,
        "link": absolute_url(
            reverse("portal:observation_detail", args=[observation.public_id])
        ),
        "clinic_name": settings.CLINIC_NAME, "clinic_phone": settings.CLINIC_PHONE,
    }
    send_mail_on_commit(
        f"{settings.CLINIC_NAME} replied about {observation.dog.name}",
        render_to_string("cases/observations/email/reply_to_owner.txt", context),
        [address],
    )
