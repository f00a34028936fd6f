"""A questionnaire answered by one-time link (issue 18), without an account."""

from django.urls import URLPattern

app_name = "questionnaire"

urlpatterns: list[URLPattern] = []
