from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "concord.inbox"
    label = "inbox"
    verbose_name = "Online referrals"

    def ready(self) -> None:
        from concord.core.home_panels import PANELS
        from concord.inbox import home, professional, services

        PANELS.register(home.NEW_ONLINE_REFERRALS)
        services.ON_ACCEPT.append(professional.on_accept)
