"""The public self-referral form (issue 18), without an account."""

from django.urls import path

from concord.inbox import views_self

app_name = "self_referral"

urlpatterns = [
    path("", views_self.self_referral, name="form"),
    path("sent/", views_self.sent, name="sent"),
]
