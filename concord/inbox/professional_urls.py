"""The public form for professionals to refer (issue 18), without an account; and the
download of a referral's files, for the help point's workers only."""

from django.urls import URLPattern, path

from concord.inbox import views_professional as views

app_name = "professional_referral"

urlpatterns: list[URLPattern] = [
    path("", views.refer, name="refer"),
    path("files/<uuid:file_id>/", views.download_file, name="file"),
]
