"""Charts drawn as SVG that pages can embed: accessible, and nothing a CSP would block."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.template import engines

from concord.core import charts
from concord.core.charts import (
    DRAWING_ATTRIBUTES,
    DRAWING_ELEMENTS,
    Point,
    accessible_svg,
    bar_chart,
    trend_chart,
)

QUARTERS = [
    Point("2024Q1", 31, "31"),
    Point("2024Q2", None, "<5"),
    Point("2024Q3", 44, "44"),
    Point("2024Q4", 52, "52"),
]


def elements(svg: str) -> list[ElementTree.Element]:
    return list(ElementTree.fromstring(svg).iter())  # noqa: S314 - our own drawing


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def assert_embeddable(svg: str, title: str) -> None:
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own drawing
    assert local(root.tag) == "svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == title
    assert [local(child.tag) for child in root[:2]] == ["title", "desc"]
    assert root[0].text == title
    for element in root.iter():
        assert local(element.tag) in DRAWING_ELEMENTS
        if element is not root:
            assert set(element.attrib) <= DRAWING_ATTRIBUTES
    assert not re.search(r"<(script|style|foreignObject|a|image)\b", svg)
    assert not re.search(r"\s(style|on\w+|href|xlink:href)=", svg)


def test_a_trend_chart_is_an_image_named_for_screen_readers_with_nothing_a_csp_blocks():
    chart = trend_chart("Cases heard", QUARTERS, value_heading="Cases")

    assert_embeddable(chart.svg, "Cases heard")
    assert "Line chart of cases by quarter." in chart.svg
    assert ">2024Q3</text>" in chart.svg
    assert chart.note == ""


def test_a_benchmark_is_a_dashed_line_and_said_in_words():
    chart = trend_chart(
        "Cases per 10,000 adult women",
        QUARTERS,
        value_heading="Cases per 10,000",
        benchmark=40,
        benchmark_label="level SafeLives recommends",
    )

    assert chart.note == "The dashed line is the level SafeLives recommends: 40."
    assert "stroke-dasharray" in chart.svg
    assert chart.note in chart.svg
    assert "stroke-dasharray" not in trend_chart("Cases heard", QUARTERS, value_heading="Cases").svg


def test_a_bar_chart_draws_one_bar_for_each_figure_shown():
    figures = [Point("Police", 40, "40"), Point("Health", None, "[c]"), Point("Housing", 12, "12")]

    chart = bar_chart(
        "Referrals by agency", figures, value_heading="Referrals", category_heading="Agency"
    )

    assert_embeddable(chart.svg, "Referrals by agency")
    bars = [e for e in elements(chart.svg) if "role-mark" in (e.get("class") or "")]
    assert len(bars) == 1
    assert len(list(bars[0])) == 2  # the hidden figure has no bar
    assert ">Health</text>" in chart.svg  # but keeps its place


def test_the_table_beside_the_chart_shows_every_figure_as_published():
    chart = trend_chart("Cases heard", QUARTERS, value_heading="Cases", period_heading="Quarter")

    assert chart.table["head"] == [{"text": "Quarter"}, {"text": "Cases", "format": "numeric"}]
    assert [row[1]["text"] for row in chart.table["rows"]] == ["31", "<5", "44", "52"]
    assert chart.table["caption"] == "Figures: Cases heard"


def test_labels_are_text_in_the_drawing_never_markup():
    figures = [Point("<script>alert(1)</script>", 5, "5"), Point("A & B", 6, "6")]

    chart = bar_chart("<b>Title</b>", figures, value_heading="Count", category_heading="Group")

    assert_embeddable(chart.svg, "<b>Title</b>")
    assert "&lt;script&gt;" in chart.svg
    assert "A &amp; B" in chart.svg
    assert "<b>" not in chart.svg


def test_cleaning_removes_scripts_styles_links_and_handlers():
    drawn = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10" onload="alert(1)" style="color: red">'
        "<style>rect { fill: red }</style><script>alert(2)</script>"
        '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>'
        '<a xlink:href="https://example.org"><rect width="1" height="1"/></a>'
        '<g role="graphics-object" aria-label="inner"><rect width="2" height="2" '
        'style="fill: red" onclick="alert(3)" fill="#1d70b8"/></g></svg>'
    )

    cleaned = accessible_svg(drawn, "Title", "Description")

    assert_embeddable(cleaned, "Title")
    assert "alert" not in cleaned
    assert "inner" not in cleaned
    assert 'fill="#1d70b8"' in cleaned
    assert cleaned.count("<rect") == 1


def test_anything_but_svg_is_refused():
    with pytest.raises(ValueError, match="Not an SVG"):
        accessible_svg("<html><body/></html>", "Title", "Description")


def test_the_chart_macro_shows_the_drawing_its_note_and_its_table():
    chart = trend_chart(
        "Cases & repeats", QUARTERS, value_heading="Cases", benchmark=45, benchmark_label="target"
    )
    template = engines["jinja2"].from_string(
        '{% from "core/chart.html" import chart_figure %}{{ chart_figure(chart) }}'
    )

    html = template.render({"chart": chart})

    assert '<figcaption class="govuk-heading-s">Cases &amp; repeats</figcaption>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # not escaped
    assert "The dashed line is the target: 45." in html
    assert "&lt;5" in html
    assert html.count('<td class="govuk-table__cell govuk-table__cell--numeric">') == 4


def test_a_chart_is_drawn_once_for_the_same_words_and_figures(monkeypatch):
    drawings = []

    def draw(spec):
        drawings.append(spec)
        return original(spec)

    original = charts.vl_convert.vegalite_to_svg
    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", draw)
    title = "Referrals drawn once"  # not drawn by any other test in this process

    first = trend_chart(title, QUARTERS, value_heading="Referrals")
    again = trend_chart(title, list(QUARTERS), value_heading="Referrals")
    changed = trend_chart(
        title, [*QUARTERS[:-1], Point("2024Q4", 53, "53")], value_heading="Referrals"
    )
    bars = [bar_chart(title, QUARTERS, value_heading="Referrals", category_heading="Quarter")]
    bars.append(bar_chart(title, QUARTERS, value_heading="Referrals", category_heading="Quarter"))

    assert again is first
    assert changed.figures[-1].text == "53" and changed.svg != first.svg
    assert bars[1] is bars[0]
    assert len(drawings) == 3  # the trend, the changed trend and the bars


def test_every_kind_of_chart_is_valid_vega_lite(monkeypatch):
    from altair.vegalite.v6.schema.core import TopLevelSpec

    specs = []
    original = charts.vl_convert.vegalite_to_svg
    monkeypatch.setattr(
        charts.vl_convert, "vegalite_to_svg", lambda spec: specs.append(spec) or original(spec)
    )
    title = "Checked against the schema"  # not drawn by any other test in this process

    trend_chart(title, QUARTERS, value_heading="Referrals", benchmark=40)
    bar_chart(title, QUARTERS, value_heading="Referrals", category_heading="Quarter")

    assert len(specs) == 2
    for spec in specs:
        TopLevelSpec.validate(spec)  # raises on anything Vega-Lite does not define


def test_a_curve_chart_draws_each_series_with_its_marker_and_is_valid_vega_lite(monkeypatch):
    from altair.vegalite.v6.schema.core import TopLevelSpec

    from concord.core.charts import Series, curve_chart

    specs = []
    original = charts.vl_convert.vegalite_to_svg
    monkeypatch.setattr(
        charts.vl_convert, "vegalite_to_svg", lambda spec: specs.append(spec) or original(spec)
    )
    lines = [
        Series("Precision", ((0.5, 0.8), (0.7, 0.9), (0.9, None))),
        Series("Recall", ((0.5, 1.0), (0.7, 0.6), (0.9, 0.2))),
    ]

    chart = curve_chart(
        "A curve checked against the schema",
        lines,
        x_heading="Threshold",
        y_heading="Share",
        marker=0.7,
        marker_label="the threshold in use",
    )

    assert_embeddable(chart.svg, "A curve checked against the schema")
    assert "Line chart of precision, recall by threshold." in chart.svg
    assert chart.note == "The thick grey upright line is the threshold in use: 0.7."
    assert ">Recall</text>" in chart.svg  # the legend names each line in words
    assert chart.figures == ()
    [spec] = specs
    TopLevelSpec.validate(spec)
    values = spec["layer"][0]["data"]["values"]
    assert {"x": 0.9, "y": None, "series": "Precision"} not in values  # not drawn
    assert len(values) == 5
