from django.apps import AppConfig


class Part4Config(AppConfig):
    name = "concord.part4"
    label = "part4"
    verbose_name = "Safe accommodation duty (Domestic Abuse Act Part 4)"
