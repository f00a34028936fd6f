from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "concord.linkage"
    label = "linkage"
    verbose_name = "Record linkage"
