from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "concord.referrals"
    label = "referrals"
    verbose_name = "Referrals and consent"
