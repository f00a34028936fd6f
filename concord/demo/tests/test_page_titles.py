"""No page of the demo names a person in its title (issue 15): titles show in browser
tabs, history and shared screens. Each demo user, in each of their roles, walks every page
reachable by links from the home page, and no <title> may hold the name of any person in
the demo's records."""

from __future__ import annotations

import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts.models import Membership
from concord.core.middleware import MEMBERSHIP
from concord.people.models import Person

pytestmark = pytest.mark.django_db
# Enough for every page of every kind a role reaches; a list's further pages add nothing.
PAGES_PER_ROLE = 250
LINK = re.compile(r'<a [^>]*href="([^"]+)"')
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)
# Downloads and pages that are not Concord's own HTML.
UUID = "[0-9a-f-]{36}"
PERSON_PAGE = re.compile(f"/people/{UUID}/")
CASE_PAGE = re.compile(f"/cases/{UUID}/")
MARAC_CASE_PAGE = re.compile(f"/marac/.*{UUID}/")
SKIPPED = re.compile(r"(\.csv|\.xlsx|/download|/export|/api/|/admin/|/static/|/assets/)")


def _client(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    device = TOTPDevice.objects.filter(user=membership.user, confirmed=True).first()
    session = client.session
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[MEMBERSHIP] = str(membership.pk)
    session.save()
    return client


def _walk(client: Client) -> dict[str, str]:
    """The title of every page reachable from home, by address."""
    titles: dict[str, str] = {}
    queue, seen = deque(["/"]), {"/"}
    while queue and len(titles) < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode()
        found = TITLE.search(text)
        titles[url] = " ".join(found.group(1).split()) if found else ""
        for href in LINK.findall(text):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/") or SKIPPED.search(parts.path):
                continue
            # One page of each list: ?page=2 shows the same kind of page.
            if "page=" in parts.query:
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return titles


def test_no_page_of_the_demo_names_a_person_in_its_title(settings, tmp_path):
    settings.DEMO_ACCOUNTS_ENABLED = True
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    names = {
        f"{given} {family}".casefold()
        for given, family in Person.objects.values_list("given_name", "family_name")
    }
    assert names, "the demo has people"
    memberships = Membership.objects.filter(is_active=True, user__is_active=True)

    walked: set[str] = set()
    named = []
    for membership in memberships.select_related("user", "agency"):
        titles = _walk(_client(membership))
        walked |= set(titles)
        for url, title in titles.items():
            if any(name in title.casefold() for name in names):
                named.append(f"{membership.role} at {membership.agency}: {url} – {title}")

    # The walk reached the pages about a person: their record, a case, a MARAC case.
    for kind in (PERSON_PAGE, CASE_PAGE, MARAC_CASE_PAGE):
        assert any(kind.fullmatch(url) for url in walked), kind.pattern
    assert not named, "Titles naming a person:\n" + "\n".join(named)
