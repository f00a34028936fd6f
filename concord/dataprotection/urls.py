from django.urls import path

from concord.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    path("retention/", views.retention_reviews, name="retention"),
    path("people/<uuid:person_id>/", views.subject_access_page, name="subject-access"),
    path(
        "people/<uuid:person_id>/download/",
        views.subject_access_download,
        name="subject-access-download",
    ),
]
