from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clinic.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_delete, post_migrate, post_save

        from clinic.accounts import checks, rights, throttle, two_factor  # noqa: F401 - checks registers
        from clinic.accounts.middleware import start_idle_clock
        from clinic.accounts.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="sync_role_permissions")
        user_login_failed.connect(throttle.login_failed, dispatch_uid="count_login_failures")
        user_logged_in.connect(start_idle_clock, dispatch_uid="start_idle_clock")
        user_logged_in.connect(two_factor.remember_device, dispatch_uid="two_factor_device")
        user_logged_in.connect(rights.warm_at_login, dispatch_uid="warm_rights_at_login")
        user = self.get_model("User")
        post_save.connect(rights._user_saved, sender=user, dispatch_uid="rights_user_saved")
        post_delete.connect(rights._user_saved, sender=user, dispatch_uid="rights_user_deleted")
