"""The help point's inbox of online referrals (issue 18): for its workers."""

from django.urls import path

from concord.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("<uuid:referral_id>/", views.referral_detail, name="detail"),
    path("<uuid:referral_id>/first-contact/", views.first_contact, name="first-contact"),
    path("<uuid:referral_id>/accept/", views.accept, name="accept"),
    path("<uuid:referral_id>/close/", views.close, name="close"),
]
