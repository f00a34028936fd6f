"""Outcome measures at intake, exit and follow-up (issue 18): for workers."""

from django.urls import URLPattern

app_name = "outcomes"

urlpatterns: list[URLPattern] = []
