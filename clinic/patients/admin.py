from django.contrib import admin, messages
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from clinic.lib.concurrency import VersionedAdminMixin
from clinic.lib.pagination import EstimatedCountPaginator
from clinic.patients.models import Breed, Dog, Owner, WeightRecord
from clinic.patients.services import MergeRefused, merge_owners, owner_relations


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
    actions = ["merge_two_owners"]

    def has_merge_permission(self, request):
        # Merging moves a person's whole record: the clinic administrator's call.
        return request.user.is_superuser

    @admin.action(description="Merge the two selected owners…", permissions=["merge"])
    def merge_two_owners(self, request, queryset):
        """Shows both owners side by side; the administrator picks the one to keep and
        confirms (a second POST of this action with `keep`)."""
        owners = list(queryset.select_related("user").prefetch_related("dogs")[:3])
        if len(owners) != 2:
            self.message_user(request, "Select exactly two owners to merge.", messages.ERROR)
            return None
        keep_id = request.POST.get("keep", "")
        if keep_id:
            keep = next((owner for owner in owners if str(owner.pk) == keep_id), None)
            if keep is None:
                self.message_user(request, "Choose which owner to keep.", messages.ERROR)
                return None
            merged = owners[1] if keep is owners[0] else owners[0]
            try:
                merge_owners(keep, merged, by=request.user)
            except MergeRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                return None
            self.message_user(request, f"{merged.full_name} (#{merged.pk}) is merged into "
                              f"{keep.full_name} (#{keep.pk}) and archived.", messages.SUCCESS)
            return None
        rows = []
        for relation in owner_relations():
            model = relation.related_model
            counts = [model._base_manager.filter(**{relation.field.name: owner}).count()
                      for owner in owners]
            rows.append((model._meta.verbose_name_plural, counts))
        return TemplateResponse(request, "admin/patients/owner/merge.html", {
            **self.admin_site.each_context(request),
            "title": "Merge two owners", "owners": owners, "rows": rows,
            "both_have_logins": all(owner.user_id for owner in owners),
            "opts": self.model._meta, "action": "merge_two_owners",
        })


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
