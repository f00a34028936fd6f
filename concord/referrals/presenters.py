"""What referral and consent pages show: status tags, the lawful basis in words, inbox
cards and summary rows. The receiving side's rows read only the referral's own fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.forms import BoundField
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from concord.core.forms import govuk_field
from concord.core.presenters import govuk_date, govuk_datetime
from concord.people import reference as ref
from concord.people.models import Person
from concord.referrals.consent import ConsentProblem
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Consent, Referral
from concord.referrals.vocabulary import SAFEGUARDING_BASES

TAG_COLOURS = {
    ReferralStatus.PENDING: "blue",
    ReferralStatus.SENT: "purple",
    ReferralStatus.ACCEPTED: "green",
    ReferralStatus.DECLINED: "orange",
    ReferralStatus.WITHDRAWN: "grey",
}
STATUS_LABELS = {
    ReferralStatus.PENDING: "Waiting",
    ReferralStatus.SENT: "Sent outside Concord",
    ReferralStatus.ACCEPTED: "Accepted",
    ReferralStatus.DECLINED: "Declined",
    ReferralStatus.WITHDRAWN: "Withdrawn",
}
CONSENT_STATES = {
    None: ("Valid", "green"),
    ConsentProblem.REFUSED: ("Refused", "red"),
    ConsentProblem.WITHDRAWN: ("Withdrawn", "grey"),
    ConsentProblem.EXPIRED: ("Expired", "grey"),
    ConsentProblem.NOT_YET_GIVEN: ("Not started", "yellow"),
}


def _tag(text: str, colour: str) -> SafeString:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def status_tag(status: str) -> SafeString:
    state = ReferralStatus(status)
    return _tag(STATUS_LABELS[state], TAG_COLOURS[state])


def _row(key: str, value: str | SafeString) -> dict[str, Any]:
    content = {"html" if isinstance(value, SafeString) else "text": value}
    return {"key": {"text": key}, "value": content}


def _link(href: str, text: str) -> SafeString:
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


# Consent -------------------------------------------------------------------------------------


def consent_covers(consent: Consent) -> str:
    """Who a consent covers, in words: 'Riverford Homes and Shelter', or 'any agency'."""
    names = [agency.name for agency in consent.agencies.all()]
    if consent.outside_agency:
        names.append(consent.outside_agency)
    if not names:
        return "any agency"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _until(consent: Consent) -> str:
    return f"expires on {govuk_date(consent.expires_on)}" if consent.expires_on else "no expiry"


def consent_choice_label(consent: Consent) -> str:
    """An existing consent offered on the referral form."""
    return (
        f"Consent given on {govuk_date(consent.given_on)} to referral to "
        f"{consent_covers(consent)} ({_until(consent)})"
    )


def consent_rows(consents: Iterable[Consent], today: date, case_id: object) -> list[list[Any]]:
    """The person's consent records for the table on the case page."""
    rows = []
    for consent in consents:
        state, colour = CONSENT_STATES[consent.problem_on(today)]
        dates = f"{'Given' if consent.given else 'Refused'} on {govuk_date(consent.given_on)}"
        if consent.expires_on:
            dates += f", expires on {govuk_date(consent.expires_on)}"
        if consent.withdrawn_on:
            dates += f", withdrawn on {govuk_date(consent.withdrawn_on)}"
        action: dict[str, Any] = {"text": ""}
        if consent.given and consent.withdrawn_on is None:
            href = reverse("referrals:withdraw-consent", args=[case_id, consent.pk])
            action = {
                "html": format_html(
                    '<a class="govuk-link" href="{}">Withdraw'
                    '<span class="govuk-visually-hidden"> consent given on {}</span></a>',
                    href,
                    govuk_date(consent.given_on),
                )
            }
        rows.append(
            [
                {"text": consent.get_purpose_display()},
                {"text": _sentence(consent_covers(consent))},
                {"text": dates},
                {"html": _tag(state, colour)},
                action,
            ]
        )
    return rows


# Referrals -----------------------------------------------------------------------------------


def lawful_basis(referral: Referral) -> str:
    if referral.consent is not None:
        return f"The person's consent, given on {govuk_date(referral.consent.given_on)}"
    label = dict(SAFEGUARDING_BASES).get(referral.safeguarding_basis, "")
    return f"Shared without consent, for safeguarding: {label}"


def lead_professional(referral: Referral) -> str:
    """The referring case's lead professional and their agency, so the person does not
    have to tell their story again."""
    if referral.lead_professional is None:
        return f"No lead professional named ({referral.agency.name})"
    return f"{referral.lead_professional}, {referral.agency.name}"


def destination(referral: Referral) -> str:
    if referral.to_service is None:
        return f"{referral.outside_agency} (outside Concord)"
    assert referral.receiving_agency is not None
    return f"{referral.to_service.name}, {referral.receiving_agency.name}"


def _details(name: str, born_on: date | None, sex: str, approximate_age: int | None = None) -> str:
    """'Amy Ahmed, born 3 May 2018, female' or 'Amy Ahmed, aged about 7'."""
    born = govuk_date(born_on)
    if born:
        details = [name, f"born {born}"]
    elif approximate_age is not None:
        details = [name, f"aged about {approximate_age}"]
    else:
        details = [name, "date of birth not known"]
    if sex not in ref.NON_ANSWERS:
        details.append(dict(ref.SEXES)[sex].lower())
    return ", ".join(details)


def person_details(referral: Referral) -> str:
    return _details(referral.person_name, referral.date_of_birth, referral.sex)


def referred_child_label(person: Person) -> str:
    """A child of the case as the referral would share them."""
    age = None if person.date_of_birth else person.age_on(timezone.localdate())
    return _details(str(person), person.date_of_birth, person.sex, age)


def referred_children(referral: Referral) -> SafeString | str:
    """The children who go with the referral, one a line."""
    children = [
        _details(child.name, child.date_of_birth, child.sex, child.approximate_age)
        for child in referral.children.all()
    ]
    if not children:
        return "None"
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in children))


def shared_rows(referral: Referral) -> list[dict[str, Any]]:
    """What the referral shares: all the receiving agency ever sees of the referring
    agency's records."""
    rows = [
        _row("Person", person_details(referral)),
        _row("Children going with them", referred_children(referral)),
        _row("From", f"{referral.referring_service.name}, {referral.agency.name}"),
        _row("Lead professional", lead_professional(referral)),
        _row("Referred by", str(referral.referred_by)),
        _row("Referred", govuk_datetime(referral.referred_at)),
        _row("To", destination(referral)),
        _row("What the referral shares", referral.summary),
        _row("Lawful basis", lawful_basis(referral)),
    ]
    if referral.person_restricted:
        rows.insert(1, _row("Restricted record", RESTRICTED_RECORD))
    return rows


RESTRICTED_RECORD = (
    "Only named workers may see this person's record. At the receiving agency the "
    "referral is for service managers, who name on accepting it the workers who may see "
    "the person's record there."
)


def decision_rows(referral: Referral) -> list[dict[str, Any]]:
    rows = [_row("Status", status_tag(referral.status))]
    if referral.safeguarding_reason:
        rows.append(_row("Why shared without consent", referral.safeguarding_reason))
    if referral.decided_at is not None:
        rows.append(
            _row(
                "Decided",
                f"{govuk_datetime(referral.decided_at)} by {referral.decided_by}",
            )
        )
    if referral.decline_reason:
        rows.append(_row("Reason declined", referral.get_decline_reason_display()))
    return rows


def inbox_card(referral: Referral, *, sent: bool) -> dict[str, Any]:
    """One referral in the inbox, as a GOV.UK summary card."""
    href = reverse("referrals:detail", args=[referral.pk])
    rows = [
        _row("Status", status_tag(referral.status)),
        _row("To" if sent else "For", destination(referral)),
        _row("From", f"{referral.referring_service.name}, {referral.agency.name}"),
        _row("Referred", govuk_datetime(referral.referred_at)),
        _row("Lead professional", lead_professional(referral)),
        _row("What the referral shares", referral.summary),
    ]
    return {
        "card": {
            "title": {"text": person_details(referral), "headingLevel": 3},
            "actions": {
                "items": [
                    {
                        "href": href,
                        "text": "View referral",
                        "visuallyHiddenText": f" for {referral.person_name}",
                    }
                ]
            },
        },
        "rows": rows,
    }


def sent_rows(referrals: Iterable[Referral]) -> list[list[dict[str, Any]]]:
    """Referrals made from a case, for the table on the case page."""
    return [
        [
            {"html": _link(reverse("referrals:detail", args=[r.pk]), destination(r))},
            {"text": govuk_date(r.referred_at)},
            {"text": "Consent" if r.consent_id else "Safeguarding"},
            {"html": status_tag(r.status)},
        ]
        for r in referrals
    ]


def received_text(referral: Referral) -> str:
    return (
        f"Referred by {referral.referring_service.name}, {referral.agency.name}, on "
        f"{govuk_date(referral.referred_at)}. Lead professional there: "
        f"{lead_professional(referral)}."
    )


# Forms -------------------------------------------------------------------------------------


def radios(
    bound: BoundField,
    item_hints: Mapping[str, str],
    *,
    divider_before: str = "",
    hint: str = "",
) -> dict[str, Any]:
    """GOV.UK radios for ``bound`` with a hint under some items and an "or" divider.
    (No conditional reveals: GOV.UK Frontend marks their radios aria-expanded, which
    axe-core reports as an ARIA attribute radios may not have.)"""
    params = govuk_field(bound)
    params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--m"
    if hint:
        params["hint"] = {"text": hint}
    items: list[dict[str, Any]] = []
    for item in params["items"]:
        if item["value"] == divider_before:
            items.append({"divider": "or"})
        if item["value"] in item_hints:
            item["hint"] = {"text": item_hints[item["value"]]}
        items.append(item)
    params["items"] = items
    return params
