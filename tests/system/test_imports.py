"""Journey: a service manager uploads a spreadsheet of people and follows its import, which
the background-task worker runs, to the rows kept back for checking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from tests.system.conftest import check_page, sign_in

pytestmark = pytest.mark.browser

PEOPLE = "record_id,given_name,family_name,date_of_birth\nP1,Sarah,Ahmed,1988-03-14\nP2,Born,Later,2099-01-01\n"


def test_given_a_file_of_people_when_the_manager_uploads_it_then_its_page_follows_the_import(
    page: Page,
    service_manager: User,
    settings,
    task_worker: Callable[[], None],
    tmp_path: Path,
) -> None:
    """Given a CSV file of two people, one born in the future,
    when the service manager uploads it and the worker takes the import in hand,
    then the file's page says it is waiting, and without being reloaded says it has
    finished and shows the row kept back with its reason."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    journey = "imports"
    sign_in(page, service_manager, journey)

    page.get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import records")
    check_page(page, f"{journey}-01-upload")
    page.get_by_label("People").check()
    upload = tmp_path / "people.csv"
    upload.write_text(PEOPLE)
    page.get_by_label("CSV file").set_input_files(upload)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("people.csv")
    status = page.get_by_role("status")
    expect(status).to_have_text("Waiting for its turn to be imported.")
    check_page(page, f"{journey}-02-waiting")

    # The page keeps asking for progress. The live server shares this thread's in-memory
    # database connection, so its questions are held until the worker is done: Playwright
    # answers routed requests only when the journey next calls it.
    page.route("**/progress/", lambda route: route.continue_())
    page.evaluate("window.notReloaded = true")
    task_worker()

    expect(status).to_have_text("Finished: 1 imported, 0 already there, 1 kept back for checking.")
    expect(page.get_by_role("heading", name="Line 3")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Date of birth must be today or in the past")
    assert page.evaluate("window.notReloaded") is True
    check_page(page, f"{journey}-03-finished")
