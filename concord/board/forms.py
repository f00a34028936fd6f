"""Forms of the board's pages. Each checks what a person typed; the services check the
board's rules (terms in order, a decision at a held meeting, attendance of members in term)
and their refusals come back to the form's fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from concord.accounts.models import Agency, Membership, User
from concord.accounts.roles import Role
from concord.board.models import (
    AgendaItem,
    AnnualReport,
    Attendance,
    BoardMember,
    Category,
    Meeting,
)
from concord.board.services import NO_MEETING
from concord.core.forms import DatePartsField
from concord.core.presenters import govuk_date
from concord.domain.periods import financial_year_label, financial_year_of

VOTING = [("yes", "Voting member"), ("no", "Not voting (adviser or observer)")]
NO_CHOICE = ("", "Choose")


def _date(label: str, required_message: str, **kwargs: Any) -> DatePartsField:
    return DatePartsField(label=label, error_messages={"required": required_message}, **kwargs)


def _text(
    label: str, required_message: str, max_length: int = 200, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


def _long_text(label: str, required_message: str, rows: int = 5, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=20000,
        error_messages={"required": required_message},
        **kwargs,
    )


class AccountChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


def board_member_accounts() -> QuerySet[User]:
    """Concord accounts with the board member role, which a member may be linked to."""
    holders = Membership.objects.active().filter(role=Role.BOARD_MEMBER).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "email")


class MemberForm(forms.Form):
    name = _text("Name", "Enter the member's name")
    organisation = _text("Organisation", "Enter the organisation the member represents")
    role_title = _text("Job title", "", required=False)
    category = forms.ChoiceField(
        label="Statutory category",
        choices=[NO_CHOICE, *Category.choices],
        help_text="The group the member's place on the board is for (Domestic Abuse Act 2021 s.58)",
        error_messages={"required": "Choose the category of the member's place"},
    )
    voting = forms.ChoiceField(
        label="Does the member vote?",
        choices=VOTING,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the member votes"},
    )
    agency = forms.ModelChoiceField(
        label="Agency in Concord (optional)",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="None",
    )
    user = AccountChoice(
        label="Concord account (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="None",
        help_text="A member with an account reads the board's papers in Concord",
    )
    term_starts_on = _date("Term starts", "Enter the date the term starts")
    term_ends_on = _date(
        "Term ends (optional)",
        "",
        required=False,
        help_text="Leave empty if the term has no set end",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = board_member_accounts()  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["voting"] = data["voting"] == "yes"
        return data

    @staticmethod
    def initial_of(member: BoardMember) -> dict[str, Any]:
        return {
            "name": member.name,
            "organisation": member.organisation,
            "role_title": member.role_title,
            "category": member.category,
            "voting": "yes" if member.voting else "no",
            "agency": member.agency_id,
            "user": member.user_id,
            "term_starts_on": member.term_starts_on,
            "term_ends_on": member.term_ends_on,
        }


class EndTermForm(forms.Form):
    ended_on = _date("Last day of the term", "Enter the last day of the member's term")


class InterestForm(forms.Form):
    declared_on = _date("Date declared", "Enter the date the interest was declared")
    interest = _long_text(
        "Interest",
        "Enter the interest declared",
        rows=3,
        help_text="For example, a trustee of a provider the council funds",
    )


class EndInterestForm(forms.Form):
    ended_on = _date("Date the interest ended", "Enter the date the interest ended")


class MeetingForm(forms.Form):
    title = _text(
        "Title", "Enter the meeting's title", help_text="For example, Board meeting, June 2025"
    )
    held_on = _date("Date", "Enter the date of the meeting")
    location = _text("Where (optional)", "", required=False)


class AgendaItemForm(forms.Form):
    title = _text("Agenda item", "Enter the agenda item", max_length=300)
    presenter = _text("Presented by (optional)", "", required=False)


class PaperForm(forms.Form):
    title = _text("Title", "Enter the paper's title", max_length=300)
    agenda_item = forms.ModelChoiceField(
        label="Agenda item (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="None",
    )
    file = forms.FileField(
        label="File",
        error_messages={"required": "Choose the file to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = _long_text("Minutes", "Enter the minutes", rows=12)


class ApproveMinutesForm(forms.Form):
    approved_on = _date(
        "Date the board approved the minutes", "Enter the date the minutes were approved"
    )


class AttendanceForm(forms.Form):
    """One question per member in term on the meeting's date, and their deputy's name."""

    def __init__(
        self, *args: Any, members: list[BoardMember], recorded: dict[Any, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            found = recorded.get(member.pk)
            self.fields[f"attendance_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name}, {member.organisation}"
                + ("" if member.voting else " (not voting)"),
                choices=Attendance.choices,
                widget=forms.RadioSelect(
                    attrs={"classes": "govuk-radios--small govuk-radios--inline"}
                ),
                initial=found.attendance if found else None,
                error_messages={"required": f"Choose whether {member.name} attended"},
            )
            self.fields[f"deputy_{member.pk}"] = forms.CharField(
                label=f"Name of {member.name}'s deputy (if a deputy attended)",
                max_length=200,
                required=False,
                initial=found.deputy_name if found else "",
            )

    def entries(self) -> dict[Any, tuple[str, str]]:
        return {
            member.pk: (
                self.cleaned_data[f"attendance_{member.pk}"],
                self.cleaned_data.get(f"deputy_{member.pk}", ""),
            )
            for member in self.members
        }

    def pairs(self) -> list[tuple[BoardMember, forms.BoundField, forms.BoundField]]:
        return [
            (member, self[f"attendance_{member.pk}"], self[f"deputy_{member.pk}"])
            for member in self.members
        ]


class DecisionForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Meeting",
        help_text="A decision is made at a meeting that has been held",
        error_messages={"required": NO_MEETING, "invalid_choice": NO_MEETING},
    )
    text = _long_text("Decision", "Enter the decision", rows=4)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = Meeting.objects.held(today).only("title", "held_on")
        self.fields["meeting"].choices = [  # type: ignore[attr-defined]
            NO_CHOICE,
            *((str(m.pk), f"{m.title} ({govuk_date(m.held_on)})") for m in held),
        ]


class ActionForm(forms.Form):
    description = _long_text("Action", "Enter what is to be done", rows=3)
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=BoardMember.objects.none(),
        empty_label="Choose",
        error_messages={"required": "Choose the member who owns the action"},
    )
    due_on = _date("Due", "Enter the date the action is due")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = BoardMember.objects.in_term(meeting.held_on)  # type: ignore[attr-defined]


class CompleteActionForm(forms.Form):
    done_on = _date("Date done", "Enter the date the action was done")
    note = _long_text("What was done", "Say what was done", rows=3)


ACTION_FILTERS = [("open", "Open"), ("overdue", "Overdue"), ("done", "Done"), ("all", "All")]


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Show",
        choices=ACTION_FILTERS,
        required=False,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--small govuk-radios--inline"}),
    )

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["status"]:
            return str(self.cleaned_data["status"])
        return "open"


FIRST_YEAR = 2021


class ReportYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={
            "required": "Choose a year",
            "invalid_choice": "Choose a year from the list",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = financial_year_of(today)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (
                str(year),
                financial_year_label(year) + (" (not finished yet)" if year == current else ""),
            )
            for year in range(current, FIRST_YEAR - 1, -1)
        ]
        self.fields["year"].initial = current - 1


class ReportTextForm(forms.Form):
    """A text box for each section of a drafted report."""

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in report.sections:
            self.fields[section["key"]] = _long_text(
                section["title"],
                f"Enter the text of “{section['title']}”",
                rows=6,
                initial=section["text"],
            )


class ConfirmForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I have checked the report: it is ready to send",
        error_messages={"required": "Confirm the report is ready before making it final"},
    )
