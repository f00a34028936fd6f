"""Where Concord sends someone back to after signing in."""

from __future__ import annotations

import pytest

from concord.core.paths import safe_path


@pytest.mark.parametrize(
    "target",
    ["/", "/cases/4f0c1f9e-1111-4a5b-9c1d-000000000001/contacts/new/", "/marac/meetings/"],
)
def test_a_path_of_this_site_is_safe(target):
    assert safe_path(target) == target


@pytest.mark.parametrize(
    "target",
    [
        "",
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "cases/",
        "/people/?q=Sarah",
        "/cases/#top",
        "/cases/\n",
        "/" + "a" * 2000,
    ],
)
def test_anything_else_is_not(target):
    assert safe_path(target) is None
