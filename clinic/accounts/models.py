from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from clinic.accounts.roles import Role
from clinic.lib.validators import validate_no_control_characters


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def active_vets(self):
        """The vets who can be chosen (attending, reporting, on the calendar), by name."""
        return self.filter(groups__name=Role.VET.value, is_active=True).order_by(
            "full_name", "pk"
        )

    def get_by_natural_key(self, email):
        # E-mail logins are case-insensitive: "Vet@Example.com" is the same person.
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: staff (vet, reception), an owner, or the administrator.

    The e-mail address is the login; there is no username. The role is the Group the
    user belongs to (see clinic.accounts.roles); `is_staff` only opens the Django admin
    and is reserved for the clinic administrator.
    """

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, validators=[validate_no_control_characters])
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access",
        default=False,
        help_text="Only the clinic administrator opens the Django admin.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    mobile_phone = models.CharField(
        "mobile phone", max_length=16, blank=True,
        validators=[RegexValidator(r"^\+[1-9][0-9]{6,14}$", "Enter the number in international "
                                   "form, e.g. +447700900123.")],
        help_text="Vets: urgent owner reports are texted here where the clinic has an SMS "
        "gateway.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def rights(self):
        """Role names and permissions, from the shared cache (clinic.accounts.rights)."""
        from clinic.accounts import rights

        return rights.rights_of(self, lambda: rights.load_rights(self))

    @property
    def role_names(self):
        """Names of the role groups this user is in."""
        return self.rights["roles"]

    def has_role(self, role):
        return role.value in self.role_names

    @property
    def is_vet(self):
        return self.has_role(Role.VET)

    @property
    def is_reception(self):
        return self.has_role(Role.RECEPTION)

    @property
    def is_owner(self):
        return self.has_role(Role.OWNER)

    @property
    def is_clinic_staff(self):
        """May use the staff UI: a vet, a receptionist or the administrator."""
        return self.is_active and (self.is_superuser or self.is_vet or self.is_reception
                                   or self.has_role(Role.ADMINISTRATOR))

    @property
    def staff_role(self):
        """The role a member of staff signs with (a reply to an owner names it)."""
        if self.is_vet:
            return "vet"
        if self.is_reception:
            return "reception"
        return "administrator" if self.is_superuser else ""

    @property
    def is_portal_owner(self):
        """May use the owner portal. Staff accounts are never portal accounts."""
        return self.is_active and self.is_owner and not self.is_clinic_staff
