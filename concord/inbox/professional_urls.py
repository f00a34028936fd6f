"""The public form for professionals to refer (issue 18), without an account."""

from django.urls import URLPattern

app_name = "professional_referral"

urlpatterns: list[URLPattern] = []
