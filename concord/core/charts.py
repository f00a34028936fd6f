"""Charts for report pages and exports: Altair specifications drawn as SVG by vl-convert,
which carries its own JavaScript engine and Vega, so nothing is fetched at run time.

This is the only module importing altair or vl_convert. The SVG is embedded straight into
pages, so it is cleaned to an allow-list of drawing elements and attributes (no script, no
style, no link, no event handler: nothing Concord's Content Security Policy would block) and
labelled for assistive technology: ``role="img"``, an ``aria-label`` and a ``<title>``.
A chart is never the only way to the figures: :class:`Chart` carries the rows of the table
that the page shows with it (``core/chart.html``). Hidden figures (disclosure control)
are given as None and simply not drawn.

Drawing takes about a tenth of a second, most of a page's time, while a chart is a pure
function of its words and figures: each process keeps the last ``CHARTS_KEPT`` drawn and
draws again only when a figure or a word changes (a dashboard seen by many people at once
costs one drawing, not one each).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import altair as alt
import vl_convert
from markupsafe import Markup

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
DRAWING_ELEMENTS = {"svg", "g", "path", "rect", "line", "circle", "text", "tspan", "title", "desc"}
DRAWING_ATTRIBUTES = {
    "class", "d", "dx", "dy", "fill", "fill-opacity", "font-family", "font-size",
    "font-style", "font-weight", "height", "opacity", "r", "rx", "ry", "shape-rendering",
    "stroke", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-opacity", "stroke-width", "text-anchor", "transform", "viewBox", "width", "x",
    "x1", "x2", "y", "y1", "y2", "cx", "cy", "display", "pointer-events",
}  # fmt: skip

# GOV.UK Frontend's palette: text, mid-grey lines, blue for the figures, dark for targets.
TEXT_COLOUR = "#0b0c0c"
LINE_COLOUR = "#b1b4b6"
FIGURE_COLOUR = "#1d70b8"
BENCHMARK_COLOUR = "#0b0c0c"
MARKER_COLOUR = "#505a5f"  # GOV.UK's dark grey: a marker on a curve chart, apart from its lines
FONT = "arial, sans-serif"
WIDTH = 600
HEIGHT = 300
BAR_STEP = 36  # height given to each bar and its gap
CHARTS_KEPT = 256  # drawn charts kept per process (a few kilobytes of SVG each)

ElementTree.register_namespace("", SVG_NAMESPACE)


@dataclass(frozen=True)
class Point:
    """One figure: its label (a quarter, an agency), the number to draw (None when hidden)
    and the text the table shows ("<5", "[c]", "1,234")."""

    label: str
    value: float | None
    text: str


class Published(Protocol):
    """A count after disclosure control (``concord.domain.disclosure.Cell``): the number
    that may be shown, None when hidden, and its text."""

    @property
    def shown(self) -> int | None: ...

    @property
    def text(self) -> str: ...


def points(labels: Sequence[str], cells: Sequence[Published]) -> list[Point]:
    """Points from counts after disclosure control: hidden counts are not drawn."""
    return [Point(label, cell.shown, cell.text) for label, cell in zip(labels, cells, strict=True)]


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its figures, for the page to show side by side."""

    title: str
    svg: Markup
    note: str  # what the drawing shows beyond the figures, such as a benchmark line
    headings: tuple[str, str]  # of the labels and of the figures
    figures: tuple[Point, ...]

    @property
    def table(self) -> dict[str, Any]:
        """The figures as GOV.UK table parameters: the chart's text alternative."""
        label_heading, value_heading = self.headings
        return {
            "caption": f"Figures: {self.title}",
            "captionClasses": "govuk-table__caption--s",
            "firstCellIsHeader": True,
            "head": [{"text": label_heading}, {"text": value_heading, "format": "numeric"}],
            "rows": [
                [{"text": point.label}, {"text": point.text, "format": "numeric"}]
                for point in self.figures
            ],
        }


def trend_chart(
    title: str,
    figures: Sequence[Point],
    *,
    value_heading: str,
    period_heading: str = "Quarter",
    benchmark: float | None = None,
    benchmark_label: str = "benchmark",
) -> Chart:
    """A line over periods, oldest first, with an optional dashed benchmark or target."""
    return _trend_chart(
        title, tuple(figures), value_heading, period_heading, benchmark, benchmark_label
    )


@lru_cache(maxsize=CHARTS_KEPT)
def _trend_chart(
    title: str,
    figures: tuple[Point, ...],
    value_heading: str,
    period_heading: str,
    benchmark: float | None,
    benchmark_label: str,
) -> Chart:
    data = alt.Data(values=[_datum(point, order) for order, point in enumerate(figures)])
    line = (
        alt.Chart(data)
        .mark_line(
            color=FIGURE_COLOUR,
            point=alt.OverlayMarkDef(color=FIGURE_COLOUR, size=60),
            invalid="break-paths-show-domains",  # a hidden figure leaves a gap
        )
        .encode(
            x=alt.X(
                "label:N",
                title=period_heading,
                sort=alt.SortField("order"),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("value:Q", title=value_heading),
        )
    )
    layers: list[Any] = [line]
    note = ""
    if benchmark is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"benchmark": benchmark}]))
            .mark_rule(color=BENCHMARK_COLOUR, strokeDash=[6, 4], strokeWidth=2)
            .encode(y="benchmark:Q")
        )
        note = f"The dashed line is the {benchmark_label}: {benchmark:g}."
    chart = alt.layer(*layers).properties(height=HEIGHT)
    description = f"Line chart of {value_heading.lower()} by {period_heading.lower()}."
    return _chart(title, chart, description, note, (period_heading, value_heading), figures)


def bar_chart(
    title: str, figures: Sequence[Point], *, value_heading: str, category_heading: str
) -> Chart:
    """Horizontal bars, one per category, in the order given (long names stay readable)."""
    return _bar_chart(title, tuple(figures), value_heading, category_heading)


@lru_cache(maxsize=CHARTS_KEPT)
def _bar_chart(
    title: str, figures: tuple[Point, ...], value_heading: str, category_heading: str
) -> Chart:
    data = alt.Data(values=[_datum(point, order) for order, point in enumerate(figures)])
    bars = (
        alt.Chart(data)
        .mark_bar(color=FIGURE_COLOUR)
        .encode(
            y=alt.Y("label:N", title=category_heading, sort=alt.SortField("order")),
            x=alt.X("value:Q", title=value_heading),
        )
    )
    chart = bars.properties(height=alt.Step(BAR_STEP))
    description = f"Bar chart of {value_heading.lower()} by {category_heading.lower()}."
    return _chart(title, chart, description, "", (category_heading, value_heading), figures)


@dataclass(frozen=True)
class Series:
    """One line of a curve chart: its name (shown in the legend) and its (x, y) points; a y
    of None is not drawn."""

    name: str
    points: tuple[tuple[float, float | None], ...]


def curve_chart(
    title: str,
    series: Sequence[Series],
    *,
    x_heading: str,
    y_heading: str,
    marker: float | None = None,
    marker_label: str = "",
) -> Chart:
    """Lines over a numeric axis (a share against a threshold, say), each series its own
    dash pattern as well as colour (never colour alone), with an optional dashed vertical
    marker. The page shows the figures in its own table: ``figures`` is empty."""
    return _curve_chart(title, tuple(series), x_heading, y_heading, marker, marker_label)


@lru_cache(maxsize=CHARTS_KEPT)
def _curve_chart(
    title: str,
    series: tuple[Series, ...],
    x_heading: str,
    y_heading: str,
    marker: float | None,
    marker_label: str,
) -> Chart:
    names = [line.name for line in series]
    values = [
        {"x": x, "y": y, "series": line.name}
        for line in series
        for x, y in line.points
        if y is not None
    ]
    dashes = [[1, 0], [8, 4], [2, 3], [12, 3, 2, 3]]
    lines = (
        alt.Chart(alt.Data(values=values))
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("x:Q", title=x_heading, scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=y_heading, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "series:N",
                title=None,
                sort=names,
                scale=alt.Scale(
                    domain=names, range=[FIGURE_COLOUR, TEXT_COLOUR, "#d4351c", "#00703c"]
                ),
                legend=alt.Legend(
                    orient="bottom",
                    labelFontSize=14,
                    labelLimit=300,
                    symbolType="stroke",
                    symbolSize=600,
                    symbolStrokeWidth=3,
                ),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                sort=names,
                scale=alt.Scale(domain=names, range=dashes[: len(names)]),
                legend=None,
            ),
        )
    )
    layers: list[Any] = [lines]
    note = ""
    if marker is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"marker": marker}]))
            .mark_rule(color=MARKER_COLOUR, strokeWidth=4, opacity=0.8)
            .encode(x="marker:Q")
        )
        note = f"The thick grey upright line is {marker_label}: {marker:g}."
    chart = alt.layer(*layers).properties(height=HEIGHT)
    description = f"Line chart of {', '.join(n.lower() for n in names)} by {x_heading.lower()}."
    return _chart(title, chart, description, note, (x_heading, y_heading), ())


def start_drawing() -> None:
    """Start the drawing engine, which takes most of a second once in each process, before
    anyone waits for a chart (the web server calls this as each new process starts)."""
    vl_convert.vegalite_to_svg({"mark": "point"})


def _datum(point: Point, order: int) -> dict[str, Any]:
    return {"label": point.label, "value": point.value, "order": order}


def _chart(
    title: str,
    chart: Any,
    description: str,
    note: str,
    headings: tuple[str, str],
    figures: tuple[Point, ...],
) -> Chart:
    description = " ".join(
        part for part in (description, note, "The figures are in the table with the chart.") if part
    )
    spec = (
        chart.properties(width=WIDTH)
        .configure(font=FONT)
        .configure_axis(
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            gridColor=LINE_COLOUR,
            domainColor=TEXT_COLOUR,
            tickColor=TEXT_COLOUR,
            labelFontSize=14,
            titleFontSize=14,
            labelLimit=250,
        )
        .configure_view(stroke=None)
        .to_dict(validate=False)  # checked against the Vega-Lite schema by the tests
    )
    svg = vl_convert.vegalite_to_svg(spec)
    return Chart(
        title=title,
        svg=accessible_svg(svg, title, description),
        note=note,
        headings=headings,
        figures=figures,
    )


def accessible_svg(svg: str, title: str, description: str) -> Markup:
    """The drawing only, named for assistive technology, safe to put in a page as it is."""
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own drawing, not outside input
    if _local_name(root.tag) != "svg":
        raise ValueError("Not an SVG drawing")
    _keep_drawing_only(root)
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("class", "concord-chart__svg")
    name, text = ElementTree.Element(_tag("title")), ElementTree.Element(_tag("desc"))
    name.text, text.text = title, description
    root[:0] = [name, text]
    return Markup(ElementTree.tostring(root, encoding="unicode"))  # noqa: S704 - cleaned above


def _keep_drawing_only(element: ElementTree.Element) -> None:
    for child in list(element):
        if _local_name(child.tag) in DRAWING_ELEMENTS:
            _keep_drawing_only(child)
        else:
            element.remove(child)
    for name in list(element.attrib):
        # Vega's own roles and ARIA labels go too: inside role="img" they are ignored, and
        # the table with the chart says the same in words.
        if name not in DRAWING_ATTRIBUTES:
            del element.attrib[name]


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def _tag(name: str) -> str:
    return f"{{{SVG_NAMESPACE}}}{name}"
