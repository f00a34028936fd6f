"""Feedback, complaints and survivor involvement (issue 18)."""

from django.urls import URLPattern

app_name = "voice"

urlpatterns: list[URLPattern] = []
