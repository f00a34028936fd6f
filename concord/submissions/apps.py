from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "concord.submissions"
    label = "submissions"
    verbose_name = "Partnership data submissions"
