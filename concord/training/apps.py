from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "concord.training"
    label = "training"
    verbose_name = "Training and awareness"
