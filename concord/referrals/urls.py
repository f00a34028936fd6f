from django.urls import path

from concord.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("case/<uuid:case_id>/refer/", views.refer, name="refer"),
    path("case/<uuid:case_id>/consents/new/", views.record_consent, name="record-consent"),
    path(
        "case/<uuid:case_id>/consents/<uuid:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw-consent",
    ),
    path("<uuid:referral_id>/", views.referral_detail, name="detail"),
    path("<uuid:referral_id>/accept/", views.accept, name="accept"),
    path("<uuid:referral_id>/decline/", views.decline, name="decline"),
    path("<uuid:referral_id>/withdraw/", views.withdraw, name="withdraw"),
]
