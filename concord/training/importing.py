"""Training and awareness sessions imported from an agency's history (``training_sessions.csv``,
see docs/data-dictionary/import-format.md), written through concord.training.services like
the pages. The importing agency is the delivering agency; ``staff_trained`` names each
attending agency by its short name in Concord (its slug) with the number of its staff, as
``city-police:12; riverford-homes:3``."""

from __future__ import annotations

from concord.accounts.models import Agency
from concord.cases.import_rows import (
    Context,
    Kind,
    Row,
    RowProblem,
    code_value,
    required_date,
    whole_number,
)
from concord.training import services
from concord.training.models import TrainingSession
from concord.training.vocabulary import SESSION_KINDS

REQUIRED = ("held_on", "kind", "title", "attendees")


def staff_trained(value: str, column: str = "staff_trained") -> dict[Agency, int]:
    """``slug:number`` pairs separated by ``;``, each agency once."""
    wanted: dict[str, int] = {}
    for part in filter(None, (piece.strip() for piece in value.split(";"))):
        slug, _, number = (item.strip() for item in part.partition(":"))
        staff = whole_number(number, column)
        if not slug or staff is None or slug in wanted:
            raise RowProblem(
                [
                    f"{column}: write each agency once as its short name and a number, "
                    f"like city-police:12; '{part}' is not"
                ]
            )
        wanted[slug] = staff
    agencies = {agency.slug: agency for agency in Agency.objects.filter(slug__in=wanted)}
    unknown = sorted(set(wanted) - set(agencies))
    if unknown:
        raise RowProblem([f"{column}: no agency has the short name '{slug}'" for slug in unknown])
    return {agencies[slug]: staff for slug, staff in wanted.items()}


def _session(context: Context, row: Row) -> TrainingSession:
    attendees = whole_number(row.get("attendees", ""), "attendees")
    if attendees is None:
        raise RowProblem(["attendees: a value is needed"])
    return services.record_training_session(
        context.actor,
        context.agency,
        held_on=required_date(row, "held_on"),
        kind=code_value(row.get("kind", ""), "kind", SESSION_KINDS),
        title=row.get("title", ""),
        attendees=attendees,
        children_reached=whole_number(row.get("children_reached", ""), "children_reached") or 0,
        reported_more_knowledge=whole_number(
            row.get("reported_more_knowledge", ""), "reported_more_knowledge"
        ),
        staff_trained=staff_trained(row.get("staff_trained", "")),
        notes=row.get("notes", ""),
    )


KINDS: tuple[Kind, ...] = (
    Kind(
        "training_sessions",
        (
            "record_id",
            *REQUIRED,
            "children_reached",
            "reported_more_knowledge",
            "staff_trained",
            "notes",
        ),
        _session,
        required=REQUIRED,
    ),
)
