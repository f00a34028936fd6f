"""The public self-referral form (issue 18), without an account."""

from django.urls import URLPattern

app_name = "self_referral"

urlpatterns: list[URLPattern] = []
