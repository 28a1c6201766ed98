"""The clinic's roles and the permissions each one holds.

Roles are Groups (created by migration 0002). Their permissions are (re)applied after
every migrate from ROLE_PERMISSIONS, because an app's permissions only exist once that
app has migrated; this table is the one place that says who may do what.
"""

from django.db import models


class Role(models.TextChoices):
    VET = "Vet", "Vet"
    RECEPTION = "Reception", "Reception"
    OWNER = "Owner", "Owner"
    # The group's administrator (a superuser too, in the demo): the role says what the
    # administrator holds beyond the vets' and reception's tables.
    ADMINISTRATOR = "Administrator", "Administrator"


def _crud(label, *models_, actions=("add", "change", "view")):
    return {f"{label}.{action}_{model}" for model in models_ for action in actions}


ROLE_PERMISSIONS = {
    Role.VET: (
        _crud("patients", "owner", "dog", "weightrecord")
        | {"patients.mark_dog_deceased", "patients.delete_dog"}
        # cases and exams
        | _crud("cases", "case", "exam", "lesionobservation", "lesionphoto", "examaddendum")
        | {"cases.sign_off_exam", "cases.delete_lesionobservation"}
        # treatment plans
        | _crud("cases", "treatmentplan", "planitem")
        | {"cases.publish_treatmentplan", "cases.view_drug"}
        | _crud("cases", "steroidcourse")
        | {"cases.view_homeobservation", "cases.acknowledge_homeobservation"}
        | _crud("cases", "observationreply", actions=("add", "view"))
        | {"portal.add_invitation"}
        # scheduling
        | _crud("scheduling", "appointment")
        | {"scheduling.change_appointmentchangerequest", "scheduling.view_reminderdelivery"}
        | _crud("scheduling", "appointmentchangerequest", "clinichours", "closedday",
                "vetabsence", "appointmenttype", actions=("view",))
        # diagnostics: biopsies (with consent), X-ray studies, lab panels; confirming a
        # case from a biopsy report changes the case
        | _crud("cases", "biopsy", "consentrecord", "imagingstudy", "studyimage", "labpanel",
                "labvalue")
        | {"cases.view_consenttemplate", "cases.view_analyte", "cases.view_case",
           "cases.change_case"}
        # the clinical record itself: querysets and pages ask for this, never for a role
        | {"cases.view_clinical_record"}
    ),
    # delete_dog: only a dog registered by mistake, without clinical records, can go.
    Role.RECEPTION: (
        _crud("patients", "owner", "dog", "weightrecord") | {"patients.delete_dog"}
        # cases: the list and each case's status, never the clinical notes
        | {"cases.view_case"}
        | {"portal.add_invitation"}
        # replying to an owner's report from the urgent queue (the owner's words, never
        # the clinical notes)
        | _crud("cases", "observationreply", actions=("add", "view"))
        # scheduling
        | _crud("scheduling", "appointment", "appointmentchangerequest", "clinichours",
                "closedday", "vetabsence")
        | {"scheduling.view_appointmenttype", "scheduling.view_reminderdelivery"}
    ),
    # Every site's calendar, worklist and admin rows; other staff see the sites they work
    # at (clinic.sites.current), whatever their role.
    Role.ADMINISTRATOR: {"clinic_sites.view_all_sites"},
    # Owners hold no model permissions: the portal shows them their own records only,
    # through clinic.portal.access.
    Role.OWNER: set(),
}


def sync_role_permissions(sender=None, using="default", apps=None, **kwargs):
    """Create the role groups and give each exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission

    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        perms = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm is not None:  # apps that have not migrated yet get theirs next time
                perms.append(perm)
        group.permissions.set(perms)
