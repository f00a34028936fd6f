from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "concord.board"
    label = "board"
    verbose_name = "Local Partnership Board"

    def ready(self) -> None:
        from concord.board import home
        from concord.core.home_panels import PANELS

        PANELS.register(home.NEXT_MEETING)
