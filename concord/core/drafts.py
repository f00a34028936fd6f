"""Drafts of forms with free text, so that what someone typed survives an idle sign-out.

The page's script sends the form's fields every so often while they change, and once more
just before the idle sign-out; the page asks for its draft when it opens again and fills the
form with it. A draft belongs to one user acting in one membership and to one page path
(record ids only, so a draft for one case never fills another case's form). It is sealed
with the vault keys, every save, restore and deletion is audited, and it is deleted when
its form is sent successfully (the answer is a redirect) or after CONCORD_DRAFT_KEEP_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.core import audit
from concord.core.form_submissions import FORM_TOKEN
from concord.core.models import FormDraft
from concord.core.paths import safe_path
from concord.core.sealing import open_sealed, seal

MAX_FIELDS = 200
MAX_CHARACTERS = 100_000
# Never kept: Django's CSRF token and the form's one-time token belong to one rendering.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", FORM_TOKEN})

Fields = dict[str, list[str]]


@dataclass(frozen=True)
class Restored:
    fields: Fields
    saved_at: datetime


def clean_fields(raw: Any) -> Fields:
    """The fields as sent by the page: names to lists of text values. Refuses anything
    else, and drafts too big to be a form someone typed."""
    if not isinstance(raw, dict) or len(raw) > MAX_FIELDS:
        raise ValidationError("A draft is a form's fields")
    fields: Fields = {}
    for name, values in raw.items():
        if not isinstance(name, str) or not isinstance(values, list):
            raise ValidationError("A draft is a form's fields")
        if not all(isinstance(value, str) for value in values):
            raise ValidationError("A draft's values are text")
        if name not in NOT_KEPT:
            fields[name] = values
    if sum(len(value) for values in fields.values() for value in values) > MAX_CHARACTERS:
        raise ValidationError("The draft is too long")
    return fields


@transaction.atomic
def save_draft(user: Any, membership: Any, path: str, raw_fields: Any) -> FormDraft:
    """Keep (or replace) the user's draft of the form at ``path``."""
    page = safe_path(path)
    if page is None:
        raise ValidationError("A draft belongs to a page of Concord")
    fields = clean_fields(raw_fields)
    draft, _ = FormDraft.objects.update_or_create(
        user=user,
        membership=membership,
        path=page,
        defaults={"sealed": seal(fields), "saved_at": timezone.now()},
    )
    audit.record("draft.saved", actor=user, agency=membership.agency, target=draft, changes=fields)
    return draft


def restore_draft(user: Any, membership: Any, path: str) -> Restored | None:
    """The user's draft of the form at ``path`` in their current role, if any."""
    draft = FormDraft.objects.of(user, membership.pk).filter(path=path).first()
    if draft is None:
        return None
    audit.record("draft.restored", actor=user, agency=membership.agency, target=draft)
    return Restored(fields=open_sealed(draft.sealed), saved_at=draft.saved_at)


def forget_sent_form(user: Any, path: str) -> int:
    """Delete the user's drafts of the form at ``path`` once it was sent successfully;
    returns how many."""
    drafts = FormDraft.objects.filter(user=user, path=path)
    return _forget(drafts, "draft.deleted_on_send", actor=user)


def forget_expired_drafts() -> int:
    """Delete drafts older than CONCORD_DRAFT_KEEP_DAYS; returns how many. The background
    worker calls this periodically."""
    return _forget(FormDraft.objects.expired(timezone.now()), "draft.expired", actor=None)


def _forget(drafts: Any, action: str, actor: Any) -> int:
    found = list(drafts.values_list("pk", flat=True))
    if not found:
        return 0
    FormDraft.objects.filter(pk__in=found).delete()
    for pk in found:
        audit.record(action, actor=actor, object_type="core.formdraft", object_id=pk)
    return len(found)
