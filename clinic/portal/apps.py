from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "clinic.portal"
    label = "portal"
    verbose_name = "Owner portal"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from clinic.patients.models import Owner
        from clinic.portal import offboarding
        from clinic.portal.models import DataExport, DeletionRequest

        post_save.connect(offboarding.owner_saved, sender=Owner, dispatch_uid="offboard_owner")
        post_save.connect(
            offboarding.user_saved, sender=get_user_model(), dispatch_uid="offboard_user"
        )
        post_save.connect(
            offboarding.deletion_request_saved, sender=DeletionRequest,
            dispatch_uid="offboard_deletion_request",
        )
        post_delete.connect(
            offboarding.export_deleted, sender=DataExport, dispatch_uid="export_archive_deleted"
        )
