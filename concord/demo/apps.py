from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "concord.demo"
    label = "demo"
    verbose_name = "Demo partnership"

    def ready(self) -> None:
        from concord.demo import checks  # noqa: F401  (registers the deploy check)
