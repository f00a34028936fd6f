"""Charts in a Concord page: drawn under Concord's Content Security Policy, accessible.

No report page exists yet, so the page is Concord's own layout with two charts, answered at
the live server's address with the Content Security Policy the site sends."""

from __future__ import annotations

import pytest
from csp.utils import build_policy
from django.template import engines
from playwright.sync_api import Page, expect

from concord.core.charts import Point, bar_chart, trend_chart
from tests.system.conftest import check_page

pytestmark = pytest.mark.browser

PAGE_PATH = "/__charts__/"
NONCE = "charts-test-nonce"  # for GOV.UK's own inline script, as the CSP middleware gives
PAGE = """{% extends "core/base.html" %}
{% from "core/chart.html" import chart_figure %}
{% block main_content %}
  <h1 class="govuk-heading-l">{{ title }}</h1>
  {{ chart_figure(trend) }}
  {{ chart_figure(bars) }}
{% endblock %}"""


def test_given_charts_in_a_page_when_it_is_shown_then_the_csp_allows_them_and_axe_passes(
    page: Page, live_server
):
    quarters = [
        Point("2024Q1", 38, "38"),
        Point("2024Q2", None, "<5"),
        Point("2024Q3", 47, "47"),
        Point("2024Q4", 52, "52"),
    ]
    agencies = [Point("Police", 61, "61"), Point("Health", None, "[c]"), Point("Housing", 9, "9")]
    html = (
        engines["jinja2"]
        .from_string(PAGE)
        .render(
            {
                "title": "Charts",
                "cspNonce": NONCE,
                "trend": trend_chart(
                    "Cases heard",
                    quarters,
                    value_heading="Cases",
                    benchmark=40,
                    benchmark_label="Benchmark",
                ),
                "bars": bar_chart(
                    "Referrals by agency",
                    agencies,
                    value_heading="Referrals",
                    category_heading="Agency",
                ),
            }
        )
    )
    policy = build_policy(nonce=NONCE)
    assert "style-src 'self'" in policy  # no inline styles allowed: the charts need none
    page.context.route(
        live_server.url + PAGE_PATH,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": policy},
            body=html,
        ),
    )

    page.goto(PAGE_PATH)

    chart = page.get_by_role("img", name="Cases heard")
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name="Referrals by agency")).to_be_visible()
    expect(page.get_by_role("table", name="Figures: Cases heard")).to_contain_text("<5")
    assert chart.bounding_box()["width"] > 300  # drawn at size, not collapsed by the CSS
    check_page(page, "charts")  # no CSP violation in the console; axe finds nothing
