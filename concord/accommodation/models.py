"""Housing (Safe Home) records: one per case at a housing service, holding the housing
outcomes of that episode of support, and the sanctuary measures fitted to the home.

Safe accommodation (DOMAIN §12): accommodation services with their units and bed spaces,
stays of households in them (each member a person in their own right, with the support
they received), and households referred from outside Concord that could not be supported.
A unit's location is sensitive: masked everywhere but for the provider's own staff, who
reveal it with a reason (audited)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from concord.accommodation import vocabulary as v
from concord.accommodation.vocabulary import SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.core.models import AgencyScopedModel
from concord.people import reference as ref

if TYPE_CHECKING:
    from concord.accounts.models import User


class HousingRecordQuerySet(models.QuerySet["HousingRecord"]):
    def visible_to(self, user: User) -> HousingRecordQuerySet:
        """Records of restricted people only for the people's named workers (as cases)."""
        return self.filter(
            models.Q(case__person__is_restricted=False) | models.Q(case__person__named_workers=user)
        )

    def homes_secured_between(self, first: date, last: date) -> HousingRecordQuerySet:
        """The headline indicator "homes secured": each case counts once, on the day its
        home was secured (DOMAIN §7)."""
        return self.filter(home_secured_on__gte=first, home_secured_on__lte=last)


class HousingRecord(AgencyScopedModel):
    """The housing outcomes of one case. Each outcome is recorded once and may be
    corrected; dates are checked by concord.accommodation.services."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="housing_record"
    )
    options_assessed_on = models.DateField(null=True, blank=True)
    options_outcome = models.CharField(max_length=200, blank=True)
    emergency_placed_on = models.DateField(null=True, blank=True)
    emergency_left_on = models.DateField(null=True, blank=True)
    refuge_placed_on = models.DateField(null=True, blank=True)
    refuge_ended_on = models.DateField(null=True, blank=True)
    transfer_kind = models.CharField(max_length=40, choices=TRANSFER_KINDS, blank=True)
    transferred_on = models.DateField(null=True, blank=True)
    person_causing_harm_moved = models.CharField(
        max_length=20, choices=ref.YES_NO_NOT_KNOWN, blank=True, help_text="Empty until asked"
    )
    person_causing_harm_moved_on = models.DateField(null=True, blank=True)
    home_secured_on = models.DateField(null=True, blank=True)

    objects = HousingRecordQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["agency", "home_secured_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emergency_left_on__isnull=True)
                | models.Q(emergency_left_on__gte=models.F("emergency_placed_on")),
                name="emergency_left_after_placed",
            ),
            models.CheckConstraint(
                condition=models.Q(refuge_ended_on__isnull=True)
                | models.Q(refuge_ended_on__gte=models.F("refuge_placed_on")),
                name="refuge_ended_after_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"Housing record for {self.case_id}"


class SanctuaryMeasure(AgencyScopedModel):
    """One target-hardening measure fitted to the person's home."""

    housing_record = models.ForeignKey(
        HousingRecord, on_delete=models.CASCADE, related_name="sanctuary_measures"
    )
    kind = models.CharField(max_length=40, choices=SANCTUARY_MEASURES)
    description = models.CharField(
        max_length=100, blank=True, help_text="What was fitted, when the kind is other"
    )
    fitted_on = models.DateField()

    class Meta:
        ordering = ["-fitted_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fitted {self.fitted_on}"


#: What to fetch with a housing case so its pages read the record in a fixed number of queries.
HOUSING_RELATIONS = ("housing_record__sanctuary_measures",)


# Safe accommodation ---------------------------------------------------------------------------


class StayQuerySet(models.QuerySet["Stay"]):
    def covering(self, day: date) -> StayQuerySet:
        """Stays whose household sleeps there on the night of ``day`` (as Span.covers)."""
        return self.filter(
            Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=day), moved_in_on__lte=day
        )


class UnitQuerySet(models.QuerySet["Unit"]):
    def open_on(self, day: date) -> UnitQuerySet:
        """Units open on ``day`` and not out of use."""
        return self.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=day),
            Q(closed_on__isnull=True) | Q(closed_on__gt=day),
            out_of_use=False,
        )

    def occupied_on(self, day: date) -> UnitQuerySet:
        """Units with a household staying on the night of ``day``."""
        return self.filter(Exists(Stay.objects.covering(day).filter(unit=OuterRef("pk"))))

    def free_on(self, day: date) -> UnitQuerySet:
        """Vacancies: units open on ``day`` with no household staying that night."""
        return self.open_on(day).exclude(
            Exists(Stay.objects.covering(day).filter(unit=OuterRef("pk")))
        )

    def with_free_on(self, day: date) -> UnitQuerySet:
        """Each unit with ``free``: whether it is a vacancy on ``day`` (as ``free_on``)."""
        return self.annotate(free=Exists(Unit.objects.free_on(day).filter(pk=OuterRef("pk"))))


def _bed_spaces(units: UnitQuerySet) -> Coalesce:
    """The sum of ``units``' bed spaces for each service of the outer query (0 for none)."""
    summed = (
        units.filter(accommodation=OuterRef("pk"))
        .order_by()
        .values("accommodation")
        .annotate(total=Sum("bed_spaces"))
        .values("total")
    )
    return Coalesce(Subquery(summed), 0)


class AccommodationServiceQuerySet(models.QuerySet["AccommodationService"]):
    def with_occupancy(self, day: date) -> AccommodationServiceQuerySet:
        """Each service with its bed spaces on ``day``: ``bed_spaces`` in units open that
        day, ``occupied_bed_spaces`` in units a household stays in, ``free_bed_spaces`` and
        ``free_units`` in units no one does. A unit holds one household, so its bed spaces
        are all taken while one stays, however many the household are."""
        units = Unit.objects.all()
        free = Unit.objects.free_on(day).filter(accommodation=OuterRef("pk"))
        return self.annotate(
            bed_spaces=_bed_spaces(units.open_on(day)),
            occupied_bed_spaces=_bed_spaces(units.occupied_on(day)),
            free_bed_spaces=_bed_spaces(units.free_on(day)),
            free_units=Coalesce(
                Subquery(
                    free.order_by().values("accommodation").annotate(n=Count("pk")).values("n")
                ),
                0,
            ),
        )


class AccommodationService(AgencyScopedModel):
    """A provider's service of one accommodation type (refuge, dispersed, sanctuary scheme,
    ...): the Concord service that referrals go to, with what the return needs to know."""

    service = models.OneToOneField(
        "accounts.Service", on_delete=models.PROTECT, related_name="accommodation"
    )
    accommodation_type = models.CharField(max_length=40, choices=v.ACCOMMODATION_TYPES)
    funding_source = models.CharField(max_length=40, choices=v.FUNDING_SOURCES)
    commissioned = models.BooleanField(
        default=True, help_text="Commissioned by the council under its Part 4 strategy"
    )
    sanctuary_places = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For a sanctuary scheme only: how many homes it is commissioned to secure "
        "at once (other services count their units' bed spaces)",
    )

    objects = AccommodationServiceQuerySet.as_manager()

    class Meta:
        ordering = ["service__name"]

    def __str__(self) -> str:
        return f"{self.get_accommodation_type_display()}: {self.service_id}"

    @property
    def is_sanctuary_scheme(self) -> bool:
        return self.accommodation_type == v.SANCTUARY_SCHEME


class Unit(AgencyScopedModel):
    """A room, flat or house of an accommodation service: one household at a time, up to
    its bed spaces. ``label`` names it among the provider's staff and is never an address;
    ``location`` is the address, masked (see the module)."""

    SENSITIVE_FIELDS = ("location",)

    accommodation = models.ForeignKey(
        AccommodationService, on_delete=models.PROTECT, related_name="units"
    )
    label = models.CharField(max_length=60, help_text='Like "Room 3" or "Flat B": never an address')
    bed_spaces = models.PositiveSmallIntegerField()
    commissioned = models.BooleanField(default=True)
    accessible = models.BooleanField(default=False, help_text="Suitable for a wheelchair user")
    takes_older_boys = models.BooleanField(default=False, help_text="Sons aged 12 and over")
    takes_pets = models.BooleanField(default=False)
    groups = models.JSONField(
        default=list, blank=True, help_text="Codes of UNIT_GROUPS; none means anyone"
    )
    location = models.TextField(blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    out_of_use = models.BooleanField(default=False, help_text="Closed for repairs, for now")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["accommodation", "label"], name="unit_label_unique"),
            models.CheckConstraint(
                condition=models.Q(bed_spaces__gte=1), name="unit_has_a_bed_space"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="unit_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Stay(AgencyScopedModel):
    """A household's stay (placement) at an accommodation service: from the day it moved
    in to the day it stopped receiving support, why, and where it went. ``case`` is the
    lead adult's case at the service. A sanctuary-scheme stay has no unit: it secures the
    household's own home, recorded on the housing record it names."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="stays")
    accommodation = models.ForeignKey(
        AccommodationService, on_delete=models.PROTECT, related_name="stays"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="stays"
    )
    housing_record = models.ForeignKey(
        HousingRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="stays"
    )
    from_out_of_area = models.CharField(
        max_length=20, choices=ref.YES_NO_NOT_KNOWN, default=ref.NOT_KNOWN
    )
    moved_in_on = models.DateField()
    moved_out_on = models.DateField(null=True, blank=True)
    ready_to_move_on_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the household was ready to move on but had nowhere to go yet: "
        "the start of any move-on delay",
    )
    leaving_reason = models.CharField(max_length=40, choices=v.LEAVING_REASONS, blank=True)
    move_on_destination = models.CharField(
        max_length=40, choices=v.MOVE_ON_DESTINATIONS, blank=True
    )

    objects = StayQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_in_on", "-created_at"]
        indexes = [
            models.Index(fields=["unit", "moved_in_on"]),
            models.Index(fields=["agency", "moved_in_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moved_out_on__isnull=True)
                | models.Q(moved_out_on__gte=models.F("moved_in_on")),
                name="stay_out_after_in",
            ),
            models.CheckConstraint(
                condition=models.Q(moved_out_on__isnull=True, leaving_reason="")
                | (models.Q(moved_out_on__isnull=False) & ~models.Q(leaving_reason="")),
                name="stay_leaving_reason_when_out",
            ),
        ]

    def __str__(self) -> str:
        return f"Stay from {self.moved_in_on}"


class StayMember(AgencyScopedModel):
    """One person of a household staying: an adult or a child, each a victim in their own
    right (s.3 of the Act), with the specialist characteristics the return counts."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    is_child = models.BooleanField(default=False)
    characteristics = models.JSONField(
        default=list, blank=True, help_text="Codes of SPECIALIST_CHARACTERISTICS"
    )

    class Meta:
        ordering = ["is_child", "created_at"]
        constraints = [models.UniqueConstraint(fields=["stay", "person"], name="stay_member_once")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.stay_id}"


class SupportReceived(AgencyScopedModel):
    """A kind of support one member of a household received during the stay."""

    member = models.ForeignKey(StayMember, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(max_length=40, choices=v.SUPPORT_KINDS)
    started_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["started_on", "kind"]
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="support_kind_once")]

    def __str__(self) -> str:
        return f"{self.kind} from {self.started_on}"


class UnmetNeed(AgencyScopedModel):
    """A household referred to an accommodation service from outside Concord (by phone,
    from another area) that could not be supported, and why. Referrals made in Concord and
    declined are counted from the referrals themselves. No names: counts only."""

    accommodation = models.ForeignKey(
        AccommodationService, on_delete=models.PROTECT, related_name="unmet_needs"
    )
    referred_on = models.DateField()
    reason = models.CharField(max_length=40, choices=v.UNABLE_TO_SUPPORT_REASONS)
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    characteristics = models.JSONField(
        default=list, blank=True, help_text="Codes of SPECIALIST_CHARACTERISTICS, of the adults"
    )
    from_out_of_area = models.CharField(
        max_length=20, choices=ref.YES_NO_NOT_KNOWN, default=ref.NOT_KNOWN
    )
    source_reference = models.CharField(
        max_length=100, blank=True, help_text="The provider's own reference, for imports"
    )

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "referred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(adults__gte=1), name="unmet_need_has_an_adult"
            ),
        ]

    def __str__(self) -> str:
        return f"Unable to support, {self.referred_on}"
