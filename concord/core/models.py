"""Base model and the append-only, hash-chained audit trail."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID primary key (never a guessable sequence in a URL) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AgencyScopedModel(BaseModel):
    """A record about a person. It belongs to one agency and is reached only through the
    request's scope (``request.scope``); ``scripts/lint_scope.py`` fails the build when a
    view or API module uses such a model's manager directly."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Events can be added, never changed or removed. The one exception is sealing, which
    fills in an unsealed event's place in the chain once (``concord.core.audit``)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be removed")

    def for_object(self, object_type: str, object_id: object) -> AuditEventQuerySet:
        return self.filter(object_type=object_type, object_id=str(object_id))

    def sealed(self) -> AuditEventQuerySet:
        return self.filter(sequence__isnull=False)

    def unsealed(self) -> AuditEventQuerySet:
        return self.filter(sequence__isnull=True)


class AuditEvent(models.Model):
    """One thing that happened. Changes name the fields touched, never their values.

    ``id`` is the order events were written in. An event is written unsealed, with no lock
    on anything shared; sealing later gives it its ``sequence`` in the chain, the hash of the
    event before it, its own keyed hash and the id of the key that made it (ADR 0007)."""

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=list, blank=True)
    reason = models.CharField(
        max_length=60, blank=True, help_text="A code, never free text: why a record was revealed"
    )
    request_id = models.CharField(max_length=64, blank=True)
    sequence = models.BigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    key_id = models.CharField(max_length=16, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="core_audit_object_idx"),
            # Only the events waiting to be sealed: sealing and the backlog read this, and it
            # stays small however long the trail grows.
            models.Index(
                fields=["id"],
                condition=models.Q(sequence__isnull=True),
                name="core_audit_unsealed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be removed")


class AuditChainHead(models.Model):
    """A single row holding the newest sealed event's sequence and hash. Only sealing locks
    it, for one short transaction at a time; it lets verify_audit notice when the newest
    sealed events were removed."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head at {self.last_sequence}"


class WorkerHeartbeat(models.Model):
    """When each background-task worker last reported (``manage.py worker``), so that the
    pages and ``/healthz`` can say when background work has stopped."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} seen {self.last_seen:%Y-%m-%d %H:%M:%S}"


class FormSubmission(models.Model):
    """A form a signed-in user sent with its one-time token, and where the answer sent them.
    The same form sent again (a retry after a lost answer, a double click) is answered with
    the same redirect instead of doing its work twice (``core.form_submissions``). The
    location is a path of record ids, never personal data. Kept for a day or two."""

    LOCATION_MAX_LENGTH = 2000

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    location = models.CharField(max_length=LOCATION_MAX_LENGTH, blank=True)
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="form_submission_once_per_user")
        ]

    def __str__(self) -> str:
        return f"form submission at {self.sent_at:%Y-%m-%d %H:%M}"


class FormDraftQuerySet(models.QuerySet["FormDraft"]):
    def of(self, user: Any, membership_id: Any) -> FormDraftQuerySet:
        """A user's drafts in the role they act in now: nobody else's, never another role's."""
        return self.filter(user=user, membership_id=membership_id)

    def expired(self, now: Any) -> FormDraftQuerySet:
        return self.filter(saved_at__lt=now - settings.DRAFT_KEEP)


class FormDraft(BaseModel):
    """What someone had typed in a form with free text, kept so that an idle sign-out loses
    nothing (``core.drafts``). Keyed by the page's path (record ids only) and sealed with the
    vault keys: the fields hold what a worker wrote about a person. Deleted when the form is
    sent successfully, or after CONCORD_DRAFT_KEEP_DAYS."""

    PATH_MAX_LENGTH = 2000

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(max_length=PATH_MAX_LENGTH)
    sealed = models.TextField()
    saved_at = models.DateTimeField(db_index=True)

    objects = FormDraftQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "membership", "path"], name="form_draft_one_per_page"
            )
        ]

    def __str__(self) -> str:
        return f"form draft saved at {self.saved_at:%Y-%m-%d %H:%M}"
