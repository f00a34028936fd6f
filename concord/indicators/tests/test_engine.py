from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from fractions import Fraction
from io import StringIO
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from concord.accounts.models import Agency, Membership, Service, ServiceKind
from concord.accounts.tests.factories import AgencyFactory, ServiceFactory
from concord.cases.models import Case, Contact, ExitReview, IntakeProfile
from concord.cases.tests.factories import CaseFactory
from concord.domain.periods import Period, parse_period
from concord.indicators import catalogue
from concord.indicators.catalogue import UnknownIndicatorError
from concord.indicators.engine import DisaggregationError, Result, compute
from concord.indicators.models import CachedResult, RecordsChanged
from concord.people.tests.factories import PersonFactory
from concord.programmes.tests.factories import ProgrammeRecordFactory

pytestmark = pytest.mark.django_db

Q1_2013 = parse_period("2013Q1")  # April to June 2013

#: DOMAIN §7 worked example: SAFE intake assessments, April to June 2013.
WORKED_EXAMPLE = {
    "mental_health": (90, 33),
    "suicide_threatened_or_attempted": (62, 23),
    "self_harm": (35, 13),
    "community_care_payments": (6, 2),
    "forced_marriage_risk": (9, 3),
    "honour_based_abuse_risk": (29, 11),
    "multiple_perpetrators": (47, 17),
    "high_risk_at_intake": (154, 56),
    "marac_threshold_at_intake": (80, 29),
}
ASSESSMENTS = 273


def moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def help_point(agency: Agency) -> Service:
    return cast(Service, ServiceFactory(agency=agency, kind=ServiceKind.HELP_POINT))


def by_code(results: list[Result]) -> dict[str, Result]:
    return {result.code: result for result in results}


def intake(
    service: Service, membership: Membership, answers: dict[str, str], **fields: object
) -> IntakeProfile:
    case = cast(Case, CaseFactory(person=PersonFactory(agency=service.agency), service=service))
    return IntakeProfile.objects.create(
        case=case,
        agency=service.agency,
        assessed_on=cast(date, fields.pop("assessed_on", date(2013, 5, 1))),
        assessed_by=membership.user,
        answers=answers,
        **fields,
    )


def test_worked_example_gives_the_published_counts_and_percentages(
    agency_a: Agency, idva: Membership
) -> None:
    service = help_point(agency_a)
    for number in range(ASSESSMENTS):
        answers = {
            item: "yes" if number < count else "no" for item, (count, _) in WORKED_EXAMPLE.items()
        }
        intake(service, idva, answers)
    codes = [f"intake_{item}" for item in WORKED_EXAMPLE]

    results = by_code(compute(codes, Q1_2013, agency=agency_a, service=service))

    for item, (count, whole) in WORKED_EXAMPLE.items():
        result = results[f"intake_{item}"]
        assert (result.numerator, result.denominator, result.not_known) == (count, ASSESSMENTS, 0)
        assert result.whole == whole
        assert result.value == Fraction(count * 100, ASSESSMENTS)


def test_intake_percentage_counts_only_known_answers(agency_a: Agency, idva: Membership) -> None:
    service = help_point(agency_a)
    intake(service, idva, {"self_harm": "yes"}, number_of_children=2)
    intake(service, idva, {"self_harm": "no"}, number_of_children=1)
    intake(service, idva, {"self_harm": "not_known"})
    intake(service, idva, {})  # left out: not known
    intake(service, idva, {"self_harm": "yes"}, assessed_on=date(2013, 7, 1))  # next quarter

    results = by_code(compute(["intake_self_harm", "intake_children_total"], Q1_2013))

    assert results["intake_self_harm"] == Result("intake_self_harm", 1, 2, 2)
    assert results["intake_self_harm"].whole == 50
    assert results["intake_children_total"] == Result("intake_children_total", 3)


def test_percentage_of_nothing_known_has_no_value(agency_a: Agency, idva: Membership) -> None:
    intake(help_point(agency_a), idva, {})
    (result,) = compute(["intake_pregnant"], Q1_2013)
    assert (result.denominator, result.not_known, result.value, result.whole) == (0, 1, None, None)


def contact(
    case: Any, day: date, membership: Membership, hour: int = 10, **fields: object
) -> Contact:
    return Contact.objects.create(
        case=case,
        agency=membership.agency,
        channel="phone",
        initiated_by="worker",
        occurred_at=moment(day, hour),
        worker=membership.user,
        out_of_hours=bool(fields.pop("out_of_hours", False)),
        **fields,
    )


def test_people_accessing_counts_distinct_people_with_a_contact(
    agency_a: Agency, idva: Membership
) -> None:
    service = help_point(agency_a)
    person = PersonFactory(agency=agency_a)
    first = CaseFactory(person=person, service=service)
    second = CaseFactory(person=person, service=service)
    other = CaseFactory(agency=agency_a, service=service)
    housing = CaseFactory(agency=agency_a, service=ServiceFactory(agency=agency_a, kind="housing"))
    contact(first, date(2013, 4, 2), idva)
    contact(second, date(2013, 4, 3), idva, out_of_hours=True)
    contact(other, date(2013, 3, 31), idva)  # the quarter before
    contact(housing, date(2013, 4, 3), idva, out_of_hours=True)  # not the victim service

    results = by_code(
        compute(["people_accessing_victim_service", "out_of_hours_interventions"], Q1_2013)
    )

    assert results["people_accessing_victim_service"].numerator == 1
    assert results["out_of_hours_interventions"].numerator == 2


def test_feels_safer_counts_closed_cases_that_answered(agency_a: Agency) -> None:
    answers = ["yes", "yes", "no", "not_answered"]
    for answer in answers:
        case: Any = CaseFactory(
            agency=agency_a, status="closed", closed_at=moment(date(2013, 6, 1))
        )
        ExitReview.objects.create(
            case=case,
            agency=agency_a,
            feels_safer=answer,
            abuse_change="stopped",
            reviewed_on=date(2013, 6, 1),
        )
    (result,) = compute(["feels_safer_rate"], Q1_2013)
    assert result == Result("feels_safer_rate", 2, 3, 1)
    assert result.whole == 67


def test_programme_shares_use_known_answers(agency_a: Agency) -> None:
    april = date(2013, 4, 5)
    ProgrammeRecordFactory(
        case__agency=agency_a,
        referral_received_on=april,
        has_children="yes",
        number_of_children=3,
        assessment_attendance="did_not_attend",
    )
    ProgrammeRecordFactory(
        case__agency=agency_a,
        referral_received_on=april,
        has_children="no",
        assessment_attendance="attended",
        assessment_outcome="suitable",
        sessions_offered=4,
        sessions_attended=2,
    )
    ProgrammeRecordFactory(
        case__agency=agency_a,
        referral_received_on=april,
        completion="completed",
        completion_on=date(2013, 6, 30),
    )

    results = by_code(compute(None, Q1_2013))

    assert results["programme_with_children"] == Result("programme_with_children", 1, 2, 1)
    assert results["programme_children_total"].numerator == 3
    assert results["programme_did_not_attend_assessment"] == Result(
        "programme_did_not_attend_assessment", 1, 2, 1
    )
    assert results["programme_engaged"] == Result("programme_engaged", 1, 1, 2)
    assert results["programme_completions"].numerator == 1


def test_breakdown_by_sex_and_ethnic_group(agency_a: Agency, idva: Membership) -> None:
    service = help_point(agency_a)
    people = [
        PersonFactory(agency=agency_a, sex="female", ethnicity="asian_indian"),
        PersonFactory(agency=agency_a, sex="female", ethnicity="asian_pakistani"),
        PersonFactory(agency=agency_a, sex="male", ethnicity="not_known"),
    ]
    for person in people:
        contact(CaseFactory(person=person, service=service), date(2013, 5, 5), idva)

    by_sex = compute(["people_accessing_victim_service"], Q1_2013, disaggregation="sex")
    by_group = compute(
        ["people_accessing_victim_service"], Q1_2013, disaggregation="ethnicity_group"
    )

    assert {(result.group, result.numerator) for result in by_sex} == {("female", 2), ("male", 1)}
    assert {(result.group, result.numerator) for result in by_group} == {
        ("asian", 2),
        ("not_known", 1),
    }


def test_breakdown_by_age_band_at_the_start_of_the_period(
    agency_a: Agency, idva: Membership
) -> None:
    service = help_point(agency_a)  # the period starts on 1 April 2013
    people = [
        PersonFactory(agency=agency_a, date_of_birth=date(1997, 4, 1)),  # 16 that day
        PersonFactory(agency=agency_a, date_of_birth=date(1997, 4, 2)),  # 15 that day
        PersonFactory(agency=agency_a, date_of_birth=date(1988, 4, 1)),  # 25
        PersonFactory(agency=agency_a, date_of_birth=date(1948, 1, 1)),  # 65
        # about 30 when asked in 2010, so about 33 in 2013
        PersonFactory(
            agency=agency_a,
            date_of_birth=None,
            approximate_age=30,
            approximate_age_on=date(2010, 6, 1),
        ),
        PersonFactory(agency=agency_a, date_of_birth=None),  # no age known
    ]
    for person in people:
        contact(CaseFactory(person=person, service=service), date(2013, 5, 5), idva)

    by_age = compute(["people_accessing_victim_service"], Q1_2013, disaggregation="age_band")

    assert [(result.group, result.numerator) for result in by_age] == [
        ("0 to 15", 1),
        ("16 to 17", 1),
        ("25 to 34", 2),
        ("65 and over", 1),
        ("not_known", 1),
    ]


def test_breakdown_by_area_tidies_postcode_districts(agency_a: Agency, idva: Membership) -> None:
    service = help_point(agency_a)
    for area in ("LE2", " le2 ", "Spinney  Hills", ""):
        person = PersonFactory.build(agency=agency_a, area=area)
        person.full_clean()
        person.save()
        contact(CaseFactory(person=person, service=service), date(2013, 5, 5), idva)

    by_area = compute(["people_accessing_victim_service"], Q1_2013, disaggregation="area")

    assert {(result.group, result.numerator) for result in by_area} == {
        ("LE2", 2),
        ("Spinney Hills", 1),
        ("not_known", 1),
    }


def test_a_full_postcode_is_not_an_area(agency_a: Agency) -> None:
    person = PersonFactory.build(agency=agency_a, area="le2 1ab")

    with pytest.raises(ValidationError, match="postcode district only"):
        person.full_clean()


def test_agency_filter_and_breakdown(agency_a: Agency, agency_b: Agency, idva: Membership) -> None:
    intake(help_point(agency_a), idva, {"self_harm": "yes"})
    intake(help_point(agency_b), idva, {"self_harm": "no"})

    (only_a,) = compute(["intake_self_harm"], Q1_2013, agency=agency_a)
    by_agency = compute(["intake_self_harm"], Q1_2013, disaggregation="agency")

    assert (only_a.numerator, only_a.denominator) == (1, 1)
    assert [(result.group, result.numerator) for result in by_agency] == [
        (agency_b.name, 0),
        (agency_a.name, 1),
    ]


def test_breakdowns_an_indicator_does_not_allow_are_refused(db: None) -> None:
    with pytest.raises(DisaggregationError, match="cannot be broken down by 'sex'"):
        compute(["training_sessions_delivered"], Q1_2013, disaggregation="sex")
    with pytest.raises(DisaggregationError, match="cannot be broken down"):
        compute(["intake_self_harm"], Q1_2013, disaggregation="shoe_size")
    with pytest.raises(UnknownIndicatorError, match="no indicator with the code 'nope'"):
        compute(["nope"], Q1_2013)


def test_every_indicator_has_a_definition_and_a_query() -> None:
    codes = [indicator.code for indicator in catalogue.INDICATORS]
    assert len(codes) == len(set(codes))
    for indicator in catalogue.INDICATORS:
        assert indicator.title and indicator.definition
        assert indicator.numerator is not None
        assert (indicator.known is not None) == (indicator.unit == catalogue.Unit.PERCENTAGE)


def test_every_strategy_indicator_of_the_domain_is_in_the_catalogue() -> None:
    strategy = [i for i in catalogue.INDICATORS if i.group == catalogue.Group.STRATEGY]
    percentages = {i.code for i in strategy if i.unit == catalogue.Unit.PERCENTAGE}
    assert len(strategy) == 11  # ten in DOMAIN §7, children and sessions as two
    assert percentages == {"cps_successful_outcomes", "police_repeat_victimisation"}
    assert catalogue.get("police_repeat_victimisation").better == catalogue.Better.LOWER


def test_every_indicator_computes_on_an_empty_database(db: None) -> None:
    results = compute(None, Q1_2013)
    assert len(results) == len(catalogue.INDICATORS)
    assert all(result.numerator == 0 for result in results)


# Cache ----------------------------------------------------------------------------------------


def test_closed_period_is_cached_and_forgotten_when_a_record_changes(
    agency_a: Agency, idva: Membership
) -> None:
    service = help_point(agency_a)
    profile = intake(service, idva, {"self_harm": "yes"})
    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 1
    assert CachedResult.objects.filter(code="intake_self_harm").count() == 1

    IntakeProfile.objects.filter(pk=profile.pk).update(answers={"self_harm": "no"})  # no signal
    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 1  # from the cache

    profile.refresh_from_db()
    profile.save()
    assert not CachedResult.objects.exists()
    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 0

    intake(service, idva, {"self_harm": "yes"})
    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 1


def test_deleting_a_record_forgets_its_agency_but_not_another(
    agency_a: Agency, agency_b: Agency, idva: Membership
) -> None:
    profile = intake(help_point(agency_a), idva, {"self_harm": "yes"})
    compute(["intake_self_harm"], Q1_2013, agency=agency_a)
    compute(["intake_self_harm"], Q1_2013, agency=agency_b)
    compute(["intake_self_harm"], Q1_2013)

    profile.delete()

    assert list(CachedResult.objects.values_list("agency", flat=True)) == [agency_b.pk]
    assert compute(["intake_self_harm"], Q1_2013, agency=agency_a)[0].numerator == 0


# Changes are said after their transaction commits: these tests commit for real.


def test_figures_computed_while_a_change_commits_are_computed_again(
    transactional_db: None, agency_a: Agency, idva: Membership, monkeypatch
) -> None:
    from concord.indicators import engine

    service = help_point(agency_a)
    intake(service, idva, {"self_harm": "yes"})
    counted_before_the_change = engine._computed_by_source

    def while_a_change_commits(*args: Any) -> Any:
        figures = counted_before_the_change(*args)
        intake(service, idva, {"self_harm": "yes"})  # another user's save commits
        return figures

    monkeypatch.setattr(engine, "_computed_by_source", while_a_change_commits)
    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 1  # true when counted
    monkeypatch.undo()

    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 2
    assert compute(["intake_self_harm"], Q1_2013, agency=agency_a)[0].numerator == 2
    kept = CachedResult.objects.get(code="intake_self_harm", agency=None)
    assert kept.mark == RecordsChanged.objects.latest("id").pk
    assert kept.rows[0]["numerator"] == 2


def test_a_transaction_says_once_which_agencies_changed_and_a_rolled_back_one_says_nothing(
    transactional_db: None, agency_a: Agency, agency_b: Agency, idva: Membership
) -> None:
    from django.db import transaction

    services = help_point(agency_a), help_point(agency_b)
    RecordsChanged.objects.all().delete()
    with transaction.atomic():
        for _ in range(3):
            intake(services[0], idva, {"self_harm": "yes"})
        intake(services[1], idva, {"self_harm": "no"})
    said = sorted(str(agency) for agency in RecordsChanged.objects.values_list("agency", flat=True))
    assert said == sorted([str(agency_a.pk), str(agency_b.pk)])

    class Failed(Exception):
        pass

    with pytest.raises(Failed), transaction.atomic():
        intake(services[0], idva, {"self_harm": "yes"})
        raise Failed
    assert RecordsChanged.objects.count() == 2


def test_old_changes_are_forgotten_with_the_results_only_they_showed_out_of_date(
    transactional_db: None, agency_a: Agency, idva: Membership
) -> None:
    from concord.indicators.signals import CHANGES_KEPT, forget_old_changes

    intake(help_point(agency_a), idva, {"self_harm": "yes"})
    compute(["intake_self_harm"], Q1_2013)  # counts every change so far
    earlier = parse_period("2012Q4")
    stale = CachedResult.objects.create(
        code="intake_self_harm", first=earlier.first, last=earlier.last, rows=[], mark=0
    )
    RecordsChanged.objects.update(at=timezone.now() - CHANGES_KEPT - timedelta(minutes=1))
    recent = RecordsChanged.objects.create(agency=agency_a)

    forget_old_changes()

    assert list(RecordsChanged.objects.all()) == [recent]
    assert not CachedResult.objects.filter(pk=stale.pk).exists()
    assert CachedResult.objects.filter(mark__gt=0).count() == 1


def test_period_not_yet_ended_is_not_cached(db: None) -> None:
    today = timezone.localdate()
    compute(["homes_secured"], Period(today - timedelta(days=30), today, "this month"))
    assert not CachedResult.objects.exists()


# Command ------------------------------------------------------------------------------------


def test_command_prints_every_indicator_as_json(agency_a: Agency, idva: Membership) -> None:
    intake(help_point(agency_a), idva, {"self_harm": "yes", "pregnant": "no"})
    out = StringIO()
    call_command("indicators", "--period", "2013Q1", "--format", "json", stdout=out)
    rows = {row["code"]: row for row in json.loads(out.getvalue())}
    assert rows["intake_self_harm"] == {
        "code": "intake_self_harm",
        "numerator": 1,
        "denominator": 1,
        "value": "100",
        "not_known": 0,
    }
    assert rows["intake_pregnant"]["value"] == "0"
    assert rows["training_sessions_delivered"]["denominator"] is None
    assert rows["helpline_calls"]["numerator"] == 0
    assert rows["police_repeat_victimisation"]["denominator"] == 0


def test_command_prints_csv_for_chosen_codes(db: None) -> None:
    out = StringIO()
    call_command(
        "indicators",
        "--period",
        "2013-14",
        "--format",
        "csv",
        "--code",
        "homes_secured",
        "--code",
        "feels_safer_rate",
        stdout=out,
    )
    assert out.getvalue().splitlines() == [
        "code,numerator,denominator,value,not_known",
        "homes_secured,0,,0,",
        "feels_safer_rate,0,0,,0",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2013Q5"], "is not a period"),
        (["--period", "2013Q1", "--code", "no_such_thing"], "no indicator with the code"),
    ],
)
def test_command_refuses_bad_input(db: None, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("indicators", *arguments, stdout=StringIO())


def test_other_agency_records_do_not_count_for_an_agency(db: None) -> None:
    other = cast(Agency, AgencyFactory())
    assert compute(["homes_secured"], Q1_2013, agency=other) == [Result("homes_secured", 0)]


def test_the_user_guide_lists_every_indicator() -> None:
    guide = (Path(settings.BASE_DIR) / "docs" / "user-guide" / "indicators.md").read_text()
    missing = [i.code for i in catalogue.INDICATORS if f"`{i.code}`" not in guide]
    assert not missing


@pytest.mark.django_db(transaction=True)
def test_figures_are_computed_outside_any_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite a transaction holds the one write lock: a pack computed inside one made
    every page that writes an audit event wait for it."""
    from django.db import connection

    from concord.indicators import engine

    seen = []
    computed_by_source = engine._computed_by_source

    def watched(*args: Any, **kwargs: Any) -> dict[str, list[Result]]:
        seen.append(connection.in_atomic_block)
        return computed_by_source(*args, **kwargs)

    monkeypatch.setattr(engine, "_computed_by_source", watched)
    compute(["intake_self_harm", "homes_secured"], Q1_2013)
    assert seen == [False]


def test_a_result_kept_at_the_same_time_elsewhere_is_left_as_it_is(db: None) -> None:
    from django.db import connection

    from concord.indicators import engine

    first = compute(["intake_self_harm"], Q1_2013)
    kept = CachedResult.objects.get(code="intake_self_harm")
    engine._cache({"intake_self_harm": first}, kept.mark, Q1_2013, None, None, None)  # again

    assert compute(["intake_self_harm"], Q1_2013) == first
    if connection.features.supports_nulls_distinct_unique_constraints:
        # SQLite cannot hold the constraint over the empty (partnership-wide) keys.
        assert list(CachedResult.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_loads_newest_changes_may_be_left_out_for_a_while_and_are_counted_when_it_stops(
    transactional_db: None, agency_a: Agency, idva: Membership, settings: Any
) -> None:
    from contextvars import Context

    from concord.core import loads
    from concord.indicators.signals import changes_for

    settings.FIGURES_LOAD_LAG_SECONDS = 30
    service = help_point(agency_a)
    intake(service, idva, {"self_harm": "yes"})
    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 1

    with loads.load(agency_a.pk):
        intake(service, idva, {"self_harm": "yes"})  # a chunk of the import commits
        assert RecordsChanged.objects.latest("id").by_load
        assert CachedResult.objects.exists()  # a load's change drops nothing at once
        assert changes_for(None).loading and changes_for(agency_a.pk).loading
        assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 1  # kept, a moment late

        RecordsChanged.objects.filter(by_load=True).update(
            at=timezone.now() - timedelta(seconds=31)
        )
        assert not changes_for(None).loading
        assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 2  # the lag is over

        intake(service, idva, {"self_harm": "yes"})
        assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 2
        Context().run(intake, service, idva, {"self_harm": "yes"})  # another user's save
        assert not RecordsChanged.objects.latest("id").by_load
        assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 4  # counted at once

        intake(service, idva, {"self_harm": "yes"})
        assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 4

    assert not RecordsChanged.objects.latest("id").by_load  # the load stopped
    assert not changes_for(None).loading
    assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 5


def test_without_a_lag_a_loads_changes_are_counted_at_once(
    transactional_db: None, agency_a: Agency, idva: Membership, settings: Any
) -> None:
    from concord.core import loads

    settings.FIGURES_LOAD_LAG_SECONDS = 0
    service = help_point(agency_a)
    compute(["intake_self_harm"], Q1_2013)
    with loads.load(agency_a.pk):
        intake(service, idva, {"self_harm": "yes"})
        assert compute(["intake_self_harm"], Q1_2013)[0].numerator == 1


def test_a_transaction_with_a_load_and_a_user_change_is_not_a_loads(
    transactional_db: None, agency_a: Agency, idva: Membership
) -> None:
    from contextvars import Context

    from django.db import transaction

    from concord.core import loads

    service = help_point(agency_a)
    RecordsChanged.objects.all().delete()
    with loads.load(agency_a.pk), transaction.atomic():
        intake(service, idva, {"self_harm": "yes"})
        Context().run(intake, service, idva, {"self_harm": "no"})
    said = list(RecordsChanged.objects.order_by("id").values_list("by_load", flat=True))
    assert said == [False, False]  # the transaction's, then the load's end


def test_an_import_says_its_chunks_as_a_loads_and_its_end_as_anyones(
    transactional_db: None, idva: Membership, settings: Any
) -> None:
    from concord.cases.tests.imports import load

    settings.IMPORT_CHUNK_ROWS = 2
    RecordsChanged.objects.all().delete()
    people = "\n".join(
        ["record_id,given_name,family_name,date_of_birth,sex,ethnicity,roles"]
        + [f"P{n},Given{n},Family,,female,,victim_survivor" for n in range(5)]
    )
    assert load(idva, "people", people).imported == 5

    said = list(RecordsChanged.objects.order_by("id").values_list("by_load", "agency"))
    assert said == [(True, idva.agency_id)] * 3 + [(False, idva.agency_id)]
