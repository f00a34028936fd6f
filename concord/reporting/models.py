"""The board pack as generated: its figures computed once and kept, with the workbook and
the PDF made from them, so that every board member reads the same frozen figures however
the records change after (issue 17 item 8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core.models import BaseModel


class BoardPackQuerySet(models.QuerySet["BoardPack"]):
    def newest_first(self) -> BoardPackQuerySet:
        return self.order_by("-generated_at")

    def listed(self) -> BoardPackQuerySet:
        """Without the files and content: what a list of packs needs."""
        return (
            self.newest_first().defer("content", "workbook", "pdf").select_related("generated_by")
        )


class BoardPack(BaseModel):
    # "2025Q1" or "2025-26", as `manage.py board_pack --period` takes it.
    period_code = models.CharField(max_length=7)
    period_label = models.CharField(max_length=80)
    first_day = models.DateField()
    last_day = models.DateField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField()
    content = models.JSONField(help_text="The pack's tables as shown (BoardPackContent)")
    workbook = models.BinaryField(help_text="The Excel workbook, as downloaded")
    pdf = models.BinaryField(help_text="The PDF, as downloaded")

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"Board pack {self.period_code}"

    @property
    def kind(self) -> str:
        """ "Annual" for a financial year's pack ("2025-26"), else "Quarterly"."""
        return "Annual" if "-" in self.period_code else "Quarterly"
