"""The Local Partnership Board (Domestic Abuse Act 2021 s.58; DOMAIN §15): its members by
statutory category, their terms and declarations of interest; its meetings with agenda,
papers, minutes, decisions, actions and attendance; and its annual report.

The board's records name its members (people acting in a public role), never a victim:
nothing here is person-level case data.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from concord.core.models import BaseModel


class Category(models.TextChoices):
    """The groups the board's membership must cover (DOMAIN §15)."""

    COUNCIL = "council", "The council"
    DISTRICT_HOUSING = "district_housing", "District and housing authorities"
    ADULT_VICTIM_VOICE = "adult_victim_voice", "Adult victims' voice"
    CHILD_VICTIM_VOICE = "child_victim_voice", "Children's voice"
    SPECIALIST_CHARITIES = (
        "specialist_charities",
        "Domestic abuse charities and specialist providers",
    )
    HEALTH = "health", "Health"
    POLICE_JUSTICE = "police_justice", "Police and criminal justice"
    OTHER = "other", "Other"


#: The categories the membership must cover: every one but OTHER.
REQUIRED_CATEGORIES = tuple(category for category in Category if category != Category.OTHER)


class BoardMemberQuerySet(models.QuerySet["BoardMember"]):
    def in_term(self, day: date) -> BoardMemberQuerySet:
        """Members whose term includes ``day`` (concord.domain.quorum.in_term)."""
        return self.filter(term_starts_on__lte=day).filter(
            models.Q(term_ends_on__isnull=True) | models.Q(term_ends_on__gte=day)
        )

    def ended(self, day: date) -> BoardMemberQuerySet:
        return self.filter(term_ends_on__lt=day)

    def voting(self) -> BoardMemberQuerySet:
        return self.filter(voting=True)


class BoardMember(BaseModel):
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=30, choices=Category.choices)
    role_title = models.CharField(max_length=200, blank=True)
    # The Concord account of a member who reads the board's papers here, if they have one.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voting = models.BooleanField(default=True)
    term_starts_on = models.DateField()
    term_ends_on = models.DateField(null=True, blank=True)

    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_ends_on__isnull=True)
                | models.Q(term_ends_on__gte=models.F("term_starts_on")),
                name="board_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class InterestDeclarationQuerySet(models.QuerySet["InterestDeclaration"]):
    def current(self, day: date) -> InterestDeclarationQuerySet:
        return self.filter(declared_on__lte=day).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day)
        )


class InterestDeclaration(BaseModel):
    member = models.ForeignKey(BoardMember, on_delete=models.CASCADE, related_name="interests")
    declared_on = models.DateField()
    interest = models.TextField()
    ended_on = models.DateField(null=True, blank=True)

    objects = InterestDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["member", "-declared_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("declared_on")),
                name="board_interest_ends_after_declared",
            )
        ]

    def __str__(self) -> str:
        return f"Interest declared on {self.declared_on}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, today: date) -> MeetingQuerySet:
        """Meetings still to come (today's is held: its records may be written)."""
        return self.filter(held_on__gt=today).order_by("held_on")

    def held(self, today: date) -> MeetingQuerySet:
        return self.filter(held_on__lte=today).order_by("-held_on")


class Meeting(BaseModel):
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True)
    minutes_approved_on = models.DateField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} on {self.held_on}"


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_agenda_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Paper(BaseModel):
    """A paper for a meeting, its kind told by its content as case documents' are
    (concord.core.filetypes). Papers are small and few, so they are kept in the database:
    backed up with the board's records and never a file name on the disk."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    title = models.CharField(max_length=300)
    # A kind of concord.core.filetypes.KINDS, read from the content.
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "created_at"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    PRESENT = "present", "Present"
    DEPUTY = "deputy", "Deputy attended"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class MeetingAttendance(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="attendance")
    attendance = models.CharField(max_length=20, choices=Attendance.choices)
    deputy_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "member"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_a_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.attendance}"


class Decision(BaseModel):
    """A decision of the board, always made at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    reference = models.CharField(max_length=20)
    text = models.TextField()

    class Meta:
        ordering = ["meeting", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "reference"], name="one_decision_reference")
        ]

    def __str__(self) -> str:
        return f"Decision {self.reference}"


class BoardActionQuerySet(models.QuerySet["BoardAction"]):
    def open(self) -> BoardActionQuerySet:
        return self.filter(done_on__isnull=True)

    def overdue(self, today: date) -> BoardActionQuerySet:
        return self.open().filter(due_on__lt=today)

    def done(self) -> BoardActionQuerySet:
        return self.filter(done_on__isnull=False)


class BoardAction(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True)

    objects = BoardActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return self.description[:60]


class AnnualReport(BaseModel):
    """The board's yearly report to government and the Domestic Abuse Commissioner for one
    financial year: drafted from the board's records, then edited and finalised."""

    year = models.PositiveSmallIntegerField(unique=True)
    # The drafted sections, each {"key", "title", "text", "table": {"headers", "rows"}}: the
    # text as the manager edited it, the table as the records stood when it was drafted.
    sections = models.JSONField(default=list)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_on = models.DateField()
    finalised_on = models.DateField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Annual report {self.year}"
