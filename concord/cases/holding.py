"""What the cases app holds about a person (concord.people.personal_data): their cases with
each case's contacts, offers of support, intake profile, safety plans and exit review; and
the retention rule for case records (CONCORD_RETENTION_CASE_YEARS after the case ended)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.db.models import DateTimeField, Max, Q
from django.db.models.functions import Coalesce

from concord.cases.documents import remove_documents
from concord.cases.lifecycle import ACTIVE, CaseStatus
from concord.cases.models import Case, Contact, IntakeProfile, SafetyPlan
from concord.cases.presenters import labels
from concord.cases.vocabulary import SAFETY_PLAN_AREAS
from concord.core.filetypes import KINDS
from concord.core.presenters import govuk_date, govuk_datetime
from concord.people import reference as ref
from concord.people.models import Person
from concord.people.personal_data import HeldRecord, Holding, field, years_before


def held_about(person: Person) -> Iterator[HeldRecord]:
    cases = Case.objects.filter(person=person).select_related("service", "lead_professional")
    for case in cases.order_by("referred_at"):
        yield HeldRecord(
            "Case",
            case.reference,
            (
                field("Reference", case.reference),
                field("Service", case.service.name),
                field("Status", CaseStatus(case.status).label),
                field("Lead professional", case.lead_professional or ""),
                field("Referred by", case.get_referral_source_display()),
                field("Referred", govuk_datetime(case.referred_at)),
                field("Opened", govuk_datetime(case.opened_at)),
                field("Closed", govuk_datetime(case.closed_at)),
                field("Types of abuse", labels(ref.ABUSE_TYPES, case.abuse_types)),
                field("Worked by an IDVA", "Yes" if case.worked_by_idva else "No"),
                field(
                    "Relationship to the person causing harm",
                    case.get_relationship_to_person_causing_harm_display(),
                ),
            ),
        )
        yield from _contacts(case)
        yield from _offers(case)
        yield from _plans(case)
        yield from _documents(case)
        profile = IntakeProfile.objects.filter(case=case).first()
        if profile is not None:
            yield HeldRecord(
                "Intake profile",
                f"{case.reference}, {govuk_date(profile.assessed_on)}",
                (
                    field("Assessed", govuk_date(profile.assessed_on)),
                    field("Number of children", profile.number_of_children),
                    field("Children's ages", profile.children_ages, third_party=True),
                ),
            )


def _documents(case: Case) -> Iterator[HeldRecord]:
    """Each document's details; the file itself is given with the answer by hand."""
    for document in case.documents.select_related("uploaded_by").order_by("created_at"):
        yield HeldRecord(
            "Document",
            f"{case.reference}, {document.title}",
            (
                field("Case", case.reference),
                field("What it is", document.title),
                field("Kind", KINDS[document.kind][0]),
                field("Added", govuk_datetime(document.created_at)),
                field("Added by", document.uploaded_by),
            ),
        )


def _contacts(case: Case) -> Iterator[HeldRecord]:
    for contact in case.contacts.select_related("worker").order_by("occurred_at"):
        yield HeldRecord(
            "Contact",
            f"{case.reference}, {contact}",
            (
                field("Case", case.reference),
                field("How", contact.get_channel_display()),
                field("When", govuk_datetime(contact.occurred_at)),
                field("Minutes", contact.duration_minutes),
                field("Worker", contact.worker),
                field("Notes", contact.notes),
            ),
        )


def _offers(case: Case) -> Iterator[HeldRecord]:
    for offer in case.support_offers.order_by("offered_on", "kind"):
        yield HeldRecord(
            "Offer of support",
            f"{case.reference}, {offer}",
            (
                field("Case", case.reference),
                field("Support", offer.get_kind_display()),
                field("Offered", govuk_date(offer.offered_on)),
                field("Answer", offer.get_answer_display()),
                field("Answered", govuk_date(offer.answered_on)),
            ),
        )


def _plans(case: Case) -> Iterator[HeldRecord]:
    for plan in case.safety_plans.order_by("created_on"):
        yield HeldRecord(
            "Safety plan",
            f"{case.reference}, {govuk_date(plan.created_on)}",
            (
                field("Case", case.reference),
                field("Made", govuk_date(plan.created_on)),
                field("Covers", labels(SAFETY_PLAN_AREAS, plan.areas)),
                field("Notes", plan.notes),
            ),
        )


def anonymise(person: Person) -> int:
    """Blank the free text of the person's cases; keep their dates, statuses and codes.
    Documents count in no figure: they are deleted, and their files leave the disk."""
    cases = Case.objects.filter(person=person)
    return (
        remove_documents(cases)
        + Contact.objects.filter(case__in=cases).update(notes="")
        + SafetyPlan.objects.filter(case__in=cases).update(notes="")
        + IntakeProfile.objects.filter(case__in=cases).update(children_ages="")
    )


def kept(today: date) -> Q:
    """People with a case that is active or ended within the retention period, and people
    with no case recorded within it."""
    cutoff = years_before(today, settings.RETENTION_CASE_YEARS)
    ended = Coalesce(
        "closed_at", Max("status_changes__changed_at"), "referred_at", output_field=DateTimeField()
    )
    current = (
        Case.objects.annotate(ended=ended)
        .filter(Q(status__in=ACTIVE) | Q(ended__date__gt=cutoff))
        .values("person")
    )
    recent_without_case = Person.objects.filter(cases__isnull=True, created_at__date__gt=cutoff)
    return Q(pk__in=current) | Q(pk__in=recent_without_case.values("pk"))


HOLDING = Holding("cases", 20, held_about, anonymise, kept)
