from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "concord.board"
    label = "board"
    verbose_name = "Local Partnership Board"
