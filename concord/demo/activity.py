"""A quarter of the demo partnership's work, so every page and the quarterly pack show
figures on first run: synthetic journeys at Turning Point's outreach help point (the
generator's own, small, straight into the database), calls to Haven's helpline logged
without a case, and Haven's contract with KPI targets whose last quarter's return is
signed off. Deterministic (fixed seeds, dated from today) and recorded once: running again
changes nothing."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from concord.accounts.models import Agency, Membership, Service, User
from concord.commissioning import services as commissioning
from concord.commissioning.models import Contract
from concord.commissioning.services import FunderShare
from concord.domain.periods import financial_year_dates, quarter_of
from concord.helpline import services as helpline
from concord.helpline.models import HelplineCall
from concord.helpline.vocabulary import CALL_REASONS, CALLER_TYPES, SIGNPOSTED_TO
from concord.synthetic.journeys import generate_chunks
from concord.synthetic.loading import AlreadyLoaded, load

OUTREACH = "Outreach help point"
JOURNEYS = 160  # referred over the last year: enough for the quarter's cells to be shown
HELPLINE_CALLS = 60  # over the last 120 days
CONTRACT_TITLE = "Integrated domestic abuse support (demo)"
KPI_TARGETS = (
    # (indicator code, title, yearly target, aggregation)
    ("victims_engaging", "Victims engaging with support", 600, "total"),
    ("helpline_calls", "Helpline calls from service users", 400, "total"),
    ("safety_plans_completed", "Safety plans completed", 300, "total"),
)


def record_demo_activity(
    agencies: dict[str, Agency], manager: Membership, commissioner: Membership
) -> None:
    outreach = agencies["turning-point"].services.get(name=OUTREACH)
    _journeys(outreach, manager.user)
    _helpline_calls(agencies["haven"].services.get(name="SAFE help point"), manager.user)
    _contract(agencies["haven"], manager, commissioner)


def _journeys(outreach: Service, actor: User) -> None:
    chunks = generate_chunks(JOURNEYS, service=outreach.name, seed=15, until=timezone.localdate())
    try:
        load(chunks, agency=outreach.agency, actor=actor)
    except AlreadyLoaded:
        return


def _helpline_calls(help_point: Service, worker: User) -> None:
    """Calls logged without a case: victims, friends and family, professionals and others,
    in office hours and out of them."""
    if HelplineCall.objects.filter(service=help_point).exists():
        return
    rng = random.Random(15)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    callers = [code for code, _ in CALLER_TYPES]
    reasons = [code for code, _ in CALL_REASONS]
    places = [code for code, _ in SIGNPOSTED_TO if code != "other"]
    for number in range(HELPLINE_CALLS):
        day = today - timedelta(days=1 + number * 2)
        at = time(rng.choice((9, 10, 11, 13, 14, 15, 16, 19, 21)), rng.choice((0, 15, 30, 45)))
        helpline.log_call(
            worker,
            help_point,
            called_at=timezone.make_aware(datetime.combine(day, at)),
            caller_type=rng.choices(callers, weights=(6, 3, 2, 1, 1))[0],
            reason=rng.choice(reasons),
            advice_given="Talked through options and a plan for staying safe.",
            signposted_to=rng.sample(places, k=rng.randint(0, 2)),
            duration_minutes=rng.randint(5, 45),
        )


def _contract(haven: Agency, manager: Membership, commissioner: Membership) -> None:
    """The city council's contract with Haven, from the start of last financial year, with
    KPI targets the indicators compute, and last quarter's return submitted and signed off."""
    if Contract.objects.filter(title=CONTRACT_TITLE).exists():
        return
    last_quarter = quarter_of(timezone.localdate()).previous()
    starts_on, _ = financial_year_dates(last_quarter.year - 1)
    contract = commissioning.save_contract(
        commissioner,
        title=CONTRACT_TITLE,
        provider=haven,
        services=list(haven.services.all()),
        starts_on=starts_on,
        ends_on=starts_on.replace(year=starts_on.year + 3) - timedelta(days=1),
        annual_value_pence=82_600_000,
        funders=[FunderShare("City Council", Decimal(72)), FunderShare("Police", Decimal(28))],
    )
    for year in (1, 2, 3):
        for code, title, target, aggregation in KPI_TARGETS:
            commissioning.set_kpi_target(
                commissioner,
                contract,
                code=code,
                title=title,
                year=year,
                target=Decimal(target),
                better="higher",
                aggregation=aggregation,
            )
    draft = commissioning.start_return(manager, contract, year=2, quarter=last_quarter.number)
    commissioning.save_return(
        manager,
        draft,
        figures={},
        successes="More calls from friends and family after the awareness sessions.",
        stumbling_blocks="Waiting times for refuge places.",
        focus_next_quarter="Outreach in the county's rural areas.",
    )
    submitted = commissioning.submit_return(manager, draft)
    commissioning.sign_off_return(commissioner, submitted, "Figures agreed at the review.")
