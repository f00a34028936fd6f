"""The help point's inbox of online referrals (issue 18): for its workers."""

from django.urls import URLPattern

app_name = "inbox"

urlpatterns: list[URLPattern] = []
