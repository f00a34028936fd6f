"""The board pack's pages: the partnership manager generates a pack, board members read it
as generated (figures frozen) and download it (audited, never cached); nobody else sees
it; the command writes the same workbook as the download."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concord.accounts.roles import Role
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.core.models import AuditEvent
from concord.core.pack_parts import PackTable
from concord.domain.periods import financial_year_label, quarter_of
from concord.reporting import board_pack
from concord.reporting.forms import financial_year_code
from concord.reporting.models import BoardPack
from concord.reporting.services import generate_board_pack

pytestmark = pytest.mark.django_db
LIST = reverse("reporting:board-packs")
RISKS = PackTable(
    "Risks of the pilot",
    ("Risk", "Owner", "Status"),
    (("Refuge funding ends", "Nadia Osei", "Off track"),),
    "No risks are open.",
)


@pytest.fixture
def last_quarter():
    return quarter_of(timezone.localdate()).previous()


@pytest.fixture
def generated(partnership_manager, last_quarter):
    return generate_board_pack(partnership_manager, str(last_quarter))


def page(pack: BoardPack) -> str:
    return reverse("reporting:board-pack", args=[pack.pk])


def download(pack: BoardPack, file_format: str) -> str:
    return reverse("reporting:board-pack-download", args=[pack.pk, file_format])


def cells(workbook: bytes) -> dict[str, list[tuple[object, ...]]]:
    found = load_workbook(io.BytesIO(workbook))
    return {name: list(found[name].iter_rows(values_only=True)) for name in found.sheetnames}


# Generating -------------------------------------------------------------------------------------


def test_the_manager_generates_a_quarterly_pack(signed_in, partnership_manager, last_quarter):
    client = signed_in(partnership_manager)

    form = client.get(LIST)
    response = client.post(LIST, {"period": str(last_quarter)})

    pack = BoardPack.objects.get()
    assert form.status_code == 200
    assert "Generate the pack" in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == page(pack)
    assert pack.period_code == str(last_quarter)
    assert pack.generated_by == partnership_manager.user
    assert bytes(pack.pdf).startswith(b"%PDF")
    titles = [table["title"] for table in pack.content["tables"]]
    year = financial_year_label(last_quarter.year)
    partnership = [title for title in titles if title.startswith("Partnership data: ")]
    assert partnership
    # Every part of the list, in the order the board reads them.
    assert titles == [
        "Strategy KPIs against baseline and target",
        f"Delivery plan {year}: actions by status",
        f"Delivery plan {year}: exceptions",
        "MARAC measures",
        f"Safe accommodation (Part 4) for {year}",
        *partnership,
        "Domestic abuse related deaths notified",
        "Homicide review recommendations outstanding",
        "Top risks",
        "Board meetings",
        "Open board actions",
        "Board membership gaps",
        f"Grant spend in {year}, to the end of quarter {last_quarter.number}",
        "Survivor involvement: you said, we did",
    ]
    event = AuditEvent.objects.get(action="reporting.board_pack_generated")
    assert (event.actor, event.object_id) == (partnership_manager.user, str(pack.pk))


def test_the_manager_generates_an_annual_pack(signed_in, partnership_manager):
    year = financial_year_code(quarter_of(timezone.localdate()).year - 1)

    signed_in(partnership_manager).post(LIST, {"period": year})

    pack = BoardPack.objects.get()
    assert (pack.period_code, pack.kind) == (year, "Annual")


@pytest.mark.parametrize("period", ["", "1999Q1", "2999-00", "nonsense"])
def test_a_period_not_offered_is_refused_and_nothing_is_generated(
    signed_in, partnership_manager, period
):
    response = signed_in(partnership_manager).post(LIST, {"period": period})

    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "<title>Error: Board packs" in body
    assert not BoardPack.objects.exists()


def test_a_period_that_has_not_started_is_refused_by_the_service(partnership_manager):
    with pytest.raises(Exception, match="choose a period that has started"):
        generate_board_pack(partnership_manager, "2999Q1")
    assert not BoardPack.objects.exists()


@pytest.mark.parametrize("role", ["board_member", "analyst", "commissioner"])
def test_readers_may_not_generate(request, signed_in, role, last_quarter):
    client = signed_in(request.getfixturevalue(role))

    refused = client.post(LIST, {"period": str(last_quarter)})
    listed = client.get(LIST)

    assert refused.status_code == 403
    assert listed.status_code == 200
    assert "Generate the pack" not in listed.content.decode()
    assert not BoardPack.objects.exists()


def test_the_service_refuses_anyone_but_the_manager(board_member, last_quarter):
    with pytest.raises(Exception, match="Only the partnership manager"):
        generate_board_pack(board_member, str(last_quarter))


# Reading ------------------------------------------------------------------------------------------


def test_a_board_member_reads_the_pack_as_generated(
    signed_in, board_member, generated, monkeypatch
):
    monkeypatch.setattr(board_pack, "PART_MAKERS", [lambda p: [RISKS]])
    client = signed_in(board_member)

    listed = client.get(LIST).content.decode()
    shown = client.get(page(generated)).content.decode()

    assert generated.period_label in listed
    assert page(generated) in listed
    assert f"Quarterly board pack: {generated.period_label}" in shown
    assert "Strategy KPIs against baseline and target" in shown
    assert "Risks of the pilot" not in shown  # the pack as generated, not as it would be now
    assert "Disclosure control" in shown or "hidden" in shown


def test_a_status_is_a_tag_with_its_words(
    signed_in, board_member, partnership_manager, last_quarter
):
    pack = generate_board_pack(partnership_manager, str(last_quarter), makers=[lambda p: [RISKS]])

    shown = signed_in(board_member).get(page(pack)).content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Off track</strong>' in shown


def test_an_empty_table_says_what_it_lacks(
    signed_in, board_member, partnership_manager, last_quarter
):
    empty = PackTable("Top risks", ("Risk",), (), "No risks are open.")
    pack = generate_board_pack(partnership_manager, str(last_quarter), makers=[lambda p: [empty]])

    shown = signed_in(board_member).get(page(pack)).content.decode()

    assert "No risks are open." in shown


def test_no_pack_yet_is_said(signed_in, board_member):
    shown = signed_in(board_member).get(LIST).content.decode()

    assert "No board pack has been generated yet." in shown


def test_the_pack_page_pins_its_queries(
    signed_in, board_member, generated, django_assert_max_num_queries
):
    client = signed_in(board_member)
    client.get(page(generated))

    with django_assert_max_num_queries(8):
        assert client.get(page(generated)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


def test_the_list_pins_its_queries_however_many_packs(
    signed_in, board_member, partnership_manager, last_quarter, django_assert_max_num_queries
):
    for _ in range(3):
        generate_board_pack(partnership_manager, str(last_quarter), makers=[lambda p: [RISKS]])
    client = signed_in(board_member)

    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


def test_the_home_page_shows_a_board_member_the_latest_pack(signed_in, board_member, generated):
    home = signed_in(board_member).get("/").content.decode()

    assert "Board pack" in home
    assert page(generated) in home
    assert reverse("reporting:board-packs") in home


# Downloads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("file_format", "starts"), [("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_a_board_member_downloads_the_pack_audited_and_not_cached(
    signed_in, board_member, generated, file_format, starts
):
    response = signed_in(board_member).get(download(generated, file_format))

    assert response.status_code == 200
    assert response.content.startswith(starts)
    kept = generated.workbook if file_format == "xlsx" else generated.pdf
    assert response.content == bytes(kept)
    assert (
        f'filename="board-pack-{generated.period_code}.{file_format}"'
        in response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="reporting.board_pack_downloaded")
    assert (event.actor, event.object_id) == (board_member.user, str(generated.pk))
    assert event.reason == f"{generated.period_code} {file_format}"


def test_another_format_or_pack_is_404(signed_in, board_member, generated):
    client = signed_in(board_member)

    assert client.get(download(generated, "csv")).status_code == 404
    assert client.get(f"{LIST}00000000-0000-4000-8000-000000000000/").status_code == 404


# Who may not --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["idva", "manager_a", "police_rep", "system_admin"])
def test_roles_outside_the_board_get_403(request, signed_in, generated, role):
    client = signed_in(request.getfixturevalue(role))

    for url in (LIST, page(generated), download(generated, "xlsx"), download(generated, "pdf")):
        assert client.get(url).status_code == 403, url
    assert client.post(LIST, {"period": generated.period_code}).status_code == 403
    assert not AuditEvent.objects.filter(action="reporting.board_pack_downloaded").exists()


def test_the_nav_shows_the_board_pack_to_its_readers_only(signed_in, board_member, idva):
    assert 'href="/reports/board-pack/"' in signed_in(board_member).get("/").content.decode()
    assert 'href="/reports/board-pack/"' not in signed_in(idva).get("/").content.decode()


# The command --------------------------------------------------------------------------------------


def test_the_command_writes_the_same_workbook_as_the_download(
    signed_in, board_member, generated, tmp_path: Path
):
    out = tmp_path / "pack.xlsx"
    call_command("board_pack", period=generated.period_code, out=str(out), stdout=io.StringIO())
    downloaded = signed_in(board_member).get(download(generated, "xlsx")).content

    assert cells(out.read_bytes()) == cells(downloaded)
    assert AuditEvent.objects.filter(action="reporting.board_pack_exported").exists()


def test_the_command_writes_a_pdf(generated, tmp_path: Path):
    out = tmp_path / "pack.pdf"
    call_command("board_pack", period=generated.period_code, out=str(out), stdout=io.StringIO())

    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("period", "out", "problem"),
    [
        ("2025Q1", "pack.csv", ".xlsx or .pdf"),
        ("2025Q9", "pack.xlsx", "write a quarter like 2025Q1"),
        ("2999-00", "pack.xlsx", "choose a period that has started"),
    ],
)
def test_the_command_refuses_bad_input(period, out, problem, tmp_path: Path):
    with pytest.raises(CommandError, match=problem):
        call_command("board_pack", period=period, out=str(tmp_path / out))


def test_a_new_board_member_is_refused_nothing_they_may_read(signed_in, board_member, generated):
    """A second board member at another agency reads the same pack: it is the partnership's."""
    other = MembershipFactory(role=Role.BOARD_MEMBER)
    enrol_authenticator(other.user)

    assert signed_in(other).get(page(generated)).status_code == 200
