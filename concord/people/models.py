"""People an agency supports or records: victims/survivors, people causing harm, children."""

from __future__ import annotations

from django.db import models

from concord.core.models import AgencyScopedModel


class PersonQuerySet(models.QuerySet["Person"]):
    def search(self, text: str) -> PersonQuerySet:
        query = models.Q()
        for word in text.split():
            query &= models.Q(given_name__icontains=word) | models.Q(family_name__icontains=word)
        return self.filter(query)


class Person(AgencyScopedModel):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"
