from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clinic.lib.concurrency import VersionedAdminMixin
from clinic.lib.pagination import EstimatedCountPaginator
from clinic.patients.models import Breed, Dog, Owner, WeightRecord


class DogInline(admin.TabularInline):
    model = Dog
    fields = ["name", "breed", "sex", "date_of_birth", "microchip", "is_deceased", "archived_at"]
    show_change_link = True
    extra = 0
    can_delete = False  # dogs are protected: delete or archive them from their own page


class WeightInline(admin.TabularInline):
    model = WeightRecord
    fields = ["recorded_on", "weight_kg", "recorded_by"]
    raw_id_fields = ["recorded_by"]
    extra = 0


@admin.register(Owner)
class OwnerAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "phone", "email", "preferred_contact", "reminder_consent",
                    "archived_at"]
    list_filter = [
        "preferred_contact", "reminder_consent", ("archived_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["first_name", "last_name", "email", "phone", "postcode", "dogs__name"]
    raw_id_fields = ["user"]
    inlines = [DogInline]


@admin.register(Dog)
class DogAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "owner", "breed", "sex", "date_of_birth", "microchip", "is_deceased",
                    "archived_at"]
    list_filter = ["breed__size_class", "sex", "neutered", "is_deceased",
                   ("archived_at", admin.EmptyFieldListFilter), "breed"]
    search_fields = ["name", "microchip", "owner__first_name", "owner__last_name", "owner__phone"]
    list_select_related = ["owner", "breed"]
    # 100,000 dogs: no exact count of the whole table, and an order the dog_name_id index
    # serves (the admin adds the pk to an ordering without one)
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ["name", "id"]
    raw_id_fields = ["owner"]
    readonly_fields = ["public_id", "photo", "photo_thumbnail", "created_at"]
    inlines = [WeightInline]


@admin.register(Breed)
class BreedAdmin(admin.ModelAdmin):
    list_display = ["name", "size_class"]
    list_filter = ["size_class"]
    search_fields = ["name"]


@admin.register(WeightRecord)
class WeightRecordAdmin(SimpleHistoryAdmin):
    list_display = ["dog", "recorded_on", "weight_kg", "recorded_by"]
    list_filter = ["recorded_on"]
    search_fields = ["dog__name", "dog__owner__last_name"]
    list_select_related = ["dog", "recorded_by"]
    raw_id_fields = ["dog", "recorded_by"]
    date_hierarchy = "recorded_on"
