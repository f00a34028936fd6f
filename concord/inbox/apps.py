from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "concord.inbox"
    label = "inbox"
    verbose_name = "Online referrals"
