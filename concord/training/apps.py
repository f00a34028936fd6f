from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "concord.training"
    label = "training"
    verbose_name = "Training and awareness"

    def ready(self) -> None:
        from concord.cases.importing import register_kinds
        from concord.training import importing

        register_kinds(50, *importing.KINDS)  # last: sessions refer to no other record
