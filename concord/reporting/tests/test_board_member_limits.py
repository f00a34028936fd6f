"""A board member sees the board pack, the board's papers, the strategy and the homicide
reviews' summary, and nothing about a person: every page of the project and every operation
of the API answers them 403 or 404, except an allowlist. The walk reads the URL patterns and
the OpenAPI document as they are, so a page or an endpoint added later is covered without
changing this test."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from concord.accounts.roles import Role
from concord.accounts.services import create_api_token
from concord.accounts.tests.factories import MembershipFactory, ServiceFactory
from concord.cases.tests.factories import CaseFactory
from concord.config.api import api
from concord.marac.models import MaracArea, MaracMeeting
from concord.part4.tests.factories import StayFactory
from concord.part4.tests.factories import referral as accepted_referral
from concord.people.tests.factories import PersonFactory
from concord.programmes.tests.factories import CaseChildFactory

pytestmark = pytest.mark.django_db

NAME = ("Zephyrine", "Quillfeather")
# Pages a board member may open: by namespace (the partnership's own apps, built beside
# the pack) or by name.
# The public forms open to anyone and show nothing of anyone (issue 18).
ALLOWED_NAMESPACES = frozenset(
    {"board", "strategy", "dhr", "self_referral", "professional_referral", "questionnaire"}
)
ALLOWED_NAMES = frozenset(
    {
        "home",
        "accessibility",
        "session-status",
        "stay-signed-in",
        "draft",
        "healthz",
        "reporting:board-packs",
        "reporting:board-pack",
        "reporting:board-pack-download",
        # The survivor involvement register (issue 18): what was asked and what changed.
        "voice:start",
        "voice:involvement",
        "voice:activity",
    }
)
# Every account page is the member's own (their password, their device, their tokens).
ALLOWED_NAMESPACE_PREFIXES = ("accounts",)
# The admin sends anyone who is not staff to its own sign-in page.
ADMIN = "admin"
REFUSED = frozenset({403, 404})
# The API is walked with a token, apart from the pages.
API = "api"
# Operations about the caller, or the catalogue's definitions: nothing about anyone else.
ALLOWED_OPERATIONS = frozenset(
    {
        ("get", "/api/v1/me"),
        ("get", "/api/v1/risk-instruments"),
        ("get", "/api/v1/indicators"),
        ("get", "/api/v1/homicide-reviews/summary"),
    }
)
# The partnership's own records a board member reads, as on the pages: the board's and the
# strategy's (and the homicide reviews' summary above; a review is its panel's alone).
ALLOWED_READS = ("/api/v1/board/", "/api/v1/strategy/")
CONVERTER_VALUES = {"int": "1", "slug": "x", "str": "x", "path": "x"}
PARAMETER = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    namespace: str
    route: str  # the whole route, "cases/<uuid:case_id>/"


def routes(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield Route(name, namespace, prefix + str(entry.pattern))


def allowed(route: Route) -> bool:
    top = route.namespace.split(":")[0]
    return (
        route.name in ALLOWED_NAMES
        or top in ALLOWED_NAMESPACES
        or top.startswith(ALLOWED_NAMESPACE_PREFIXES)
    )


def filled(route: str, ids: dict[str, str], real: bool) -> str:
    """The route with its parameters filled: a real record's id where one is named so (when
    ``real``), else a random UUID, or a plain value for other converters."""

    def value(match: re.Match[str]) -> str:
        converter = match["converter"] or "str"
        if real and match["name"] in ids:
            return ids[match["name"]]
        if converter == "uuid":
            return str(uuid.uuid4())
        return CONVERTER_VALUES.get(converter, "x")

    path = PARAMETER.sub(value, route).lstrip("^").rstrip("$")
    return "/" + path.replace("\\Z", "").replace("\\", "")


@pytest.fixture
def records(idva, coordinator_in_council, agency_a) -> dict[str, str]:
    """A person with a case, a referral, a stay, a child, and a MARAC meeting: the ids the
    walk puts into routes that name them."""
    person: Any = PersonFactory(agency=agency_a, given_name=NAME[0], family_name=NAME[1])
    case: Any = CaseFactory(agency=agency_a, person=person)
    stay: Any = StayFactory(case=case, agency=agency_a)
    child: Any = CaseChildFactory(case=case)
    referral = accepted_referral(case, ServiceFactory.create(agency=agency_a))
    area = MaracArea.objects.create(
        name="Riverford MARAC",
        slug="riverford",
        hosted_by=coordinator_in_council.agency,
        adult_female_population=98000,
    )
    meeting = MaracMeeting.objects.create(
        area=area, meets_on=date(2025, 6, 4), scheduled_by=coordinator_in_council.user
    )
    return {
        "person_id": str(person.pk),
        "case_id": str(case.pk),
        "stay_id": str(stay.pk),
        "child_id": str(child.pk),
        "referral_id": str(referral.pk),
        "meeting_id": str(meeting.pk),
        "agency_id": str(agency_a.pk),
        "slug": area.slug,
    }


@pytest.fixture
def coordinator_in_council(council):
    return MembershipFactory(agency=council, role=Role.MARAC_COORDINATOR)


def answer(client: Client, path: str) -> Any:
    response = client.get(path)
    if response.status_code == 405:  # a form's action: ask as the form would
        response = client.post(path, {})
    return response


def test_the_walk_finds_the_person_level_pages():
    """A guard on the walk itself: were it to find nothing, it would prove nothing."""
    found = {route.name for route in routes()}

    assert {"cases:detail", "people:detail", "marac:home", "reporting:board-pack"} <= found


@pytest.mark.parametrize("real", [True, False], ids=["real records", "random ids"])
def test_a_board_member_gets_403_or_404_on_every_page_but_the_allowed(
    signed_in, board_member, records, real
):
    client = signed_in(board_member)
    wrong = []
    for route in routes():
        if allowed(route) or route.namespace == API:
            continue
        path = filled(route.route, records, real)
        response = answer(client, path)
        body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
        if route.namespace == ADMIN:
            if response.status_code not in REFUSED and not (
                response.status_code == 302 and response["Location"].startswith("/admin/login/")
            ):
                wrong.append((route.name, path, response.status_code))
        elif response.status_code not in REFUSED:
            wrong.append((route.name, path, response.status_code))
        if NAME[1] in body:
            wrong.append((route.name, path, "shows the person's name"))

    assert wrong == []


@pytest.mark.parametrize("real", [True, False], ids=["real records", "random ids"])
def test_the_allowed_pages_never_show_a_person(signed_in, board_member, records, real):
    client = signed_in(board_member)
    for route in routes():
        if not allowed(route) or route.name == "accounts:sign-out" or route.namespace == API:
            continue
        response = answer(client, filled(route.route, records, real))
        body = getattr(response, "content", b"").decode(errors="replace")

        assert NAME[1] not in body, route.name


def path_value(operation: dict[str, Any], name: str, records: dict[str, str]) -> str:
    """A real record's id for the parameter when there is one, else a value of its type (a
    whole number, or a random id), so the request reaches the access check."""
    if name in records:
        return records[name]
    for parameter in operation.get("parameters", []):
        if parameter["name"] == name and parameter["schema"].get("type") == "integer":
            return "1"
    return str(uuid.uuid4())


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


SCHEMA: dict[str, Any] = api.get_openapi_schema()
FORMATS = {
    "date": "2025-06-02",
    "date-time": "2025-06-02T10:00:00Z",
    "email": "someone@example.org",
    "uri": "https://example.org/",
}


def example(schema: dict[str, Any]) -> Any:
    """A value the schema accepts, so that the request passes validation and reaches the
    role check (a 422 for a missing field would prove nothing)."""
    if "$ref" in schema:
        return example(SCHEMA["components"]["schemas"][schema["$ref"].split("/")[-1]])
    for choice in ("anyOf", "oneOf", "allOf"):
        if choice in schema:
            options = [s for s in schema[choice] if s.get("type") != "null"]
            return example(options[0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: example(properties[name]) for name in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        if schema.get("format") == "uuid":
            return str(uuid.uuid4())
        if schema.get("format") == "binary":
            return SimpleUploadedFile("extract.csv", b"id,date\n1,2025-06-02\n")
        return FORMATS.get(schema.get("format", ""), "x" * max(1, schema.get("minLength", 1)))
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    return False


def send(client: Client, method: str, url: str, operation: dict[str, Any]) -> Any:
    """The operation called with a body its schema accepts: JSON, or a form with a file."""
    call = getattr(client, method)
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return call(url, example(content["multipart/form-data"]["schema"]))
    if method in ("get", "delete"):
        return call(url)
    json_schema = content.get("application/json", {}).get("schema")
    return call(url, example(json_schema) if json_schema else {}, content_type="application/json")


@pytest.mark.parametrize("real", [True, False], ids=["real records", "random ids"])
def test_a_board_member_gets_403_or_404_from_every_api_operation(board_member, records, real):
    key = create_api_token(board_member.user, board_member, name="walk").key
    client = Client(headers={"Authorization": f"Bearer {key}"})
    wrong = []
    for method, path, operation in operations():
        if (method, path) in ALLOWED_OPERATIONS or (
            method == "get" and path.startswith(ALLOWED_READS)
        ):
            continue
        known = records if real else {}
        url = re.sub(
            r"\{(\w+)\}",
            lambda m, operation=operation, known=known: path_value(operation, m[1], known),
            path,
        )
        response = send(client, method, url, operation)
        if response.status_code not in REFUSED:
            wrong.append((method, path, response.status_code))
        if NAME[1] in response.content.decode(errors="replace"):
            wrong.append((method, path, "shows the person's name"))

    assert wrong == []


def test_the_api_walk_covers_the_person_level_operations():
    found = {(method, path) for method, path, _ in operations()}

    assert ("get", "/api/v1/people/{person_id}") in found
    assert len(found) > 30


def test_the_walk_reaches_a_record_when_the_role_may_see_it(signed_in, idva, records):
    """The same filled routes let the person's own IDVA in: a 403 or 404 above is the
    board member's role refused, not a route the walk filled wrongly."""
    client = signed_in(idva)
    person = next(route for route in routes() if route.name == "people:detail")

    response = answer(client, filled(person.route, records, real=True))

    assert response.status_code == 200
    assert NAME[1] in response.content.decode()
