from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from clinic.accounts import views
from clinic.accounts.access import every_user, public

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", every_user(auth_views.LogoutView.as_view(), redirects_to="login"),
         name="logout"),
    path("home/", views.home, name="home"),
    path("two-factor/", views.two_factor_status, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes,
         name="two_factor_recovery_codes"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path(
        "password/change/",
        every_user(auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("password_change_done"))),
        name="password_change",
    ),
    path(
        "password/change/done/",
        every_user(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
