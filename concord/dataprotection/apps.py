from datetime import timedelta

from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "concord.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from concord.core import maintenance
        from concord.dataprotection import retention, views
        from concord.people import person_page

        maintenance.register("list_records_due", retention.list_due, every=timedelta(days=30))
        maintenance.register(
            "anonymise_approved", retention.anonymise_approved, every=timedelta(hours=1)
        )
        person_page.SECTIONS.register(views.PERSON_SECTION)
