from django.urls import path

from clinic.patients.views import dogs, owners, photos, search

app_name = "patients"

urlpatterns = [
    path("", search.index, name="index"),
    path("register/", owners.register, name="register"),
    path("owners/<int:owner_id>/", owners.owner_detail, name="owner"),
    path("owners/<int:owner_id>/edit/", owners.owner_edit, name="owner_edit"),
    path("owners/<int:owner_id>/archive/", owners.owner_archive, name="owner_archive"),
    path("owners/<int:owner_id>/dogs/add/", owners.dog_add, name="dog_add"),
    path("dogs/<int:dog_id>/", dogs.dog_detail, name="dog"),
    path("dogs/<int:dog_id>/edit/", dogs.dog_edit, name="dog_edit"),
    path("dogs/<int:dog_id>/weights/add/", dogs.weight_add, name="weight_add"),
    path("dogs/<int:dog_id>/deceased/", dogs.dog_deceased, name="dog_deceased"),
    path("dogs/<int:dog_id>/archive/", dogs.dog_archive, name="dog_archive"),
    path("dogs/<int:dog_id>/delete/", dogs.dog_delete, name="dog_delete"),
    # Shared with the dog's owner: see views/photos.py.
    path("dogs/<uuid:dog_uuid>/photo/", photos.dog_photo, name="dog_photo"),
    path("dogs/<uuid:dog_uuid>/photo/thumbnail/", photos.dog_photo_thumbnail,
         name="dog_photo_thumbnail"),
]
