from django.urls import URLPattern, URLResolver, path

from concord.board.views import meetings, members, records, reports

app_name = "board"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", members.home, name="home"),
    path("members/new/", members.add_member, name="add_member"),
    path("members/<uuid:member_id>/", members.member, name="member"),
    path("members/<uuid:member_id>/change/", members.change_member, name="change_member"),
    path("members/<uuid:member_id>/end-term/", members.end_term, name="end_term"),
    path(
        "members/<uuid:member_id>/interests/new/", members.declare_interest, name="declare_interest"
    ),
    path("interests/<uuid:declaration_id>/end/", members.end_interest, name="end_interest"),
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meetings.add_meeting, name="add_meeting"),
    path("meetings/<uuid:meeting_id>/", meetings.meeting, name="meeting"),
    path("meetings/<uuid:meeting_id>/change/", meetings.change_meeting, name="change_meeting"),
    path(
        "meetings/<uuid:meeting_id>/agenda/new/", meetings.add_agenda_item, name="add_agenda_item"
    ),
    path("meetings/<uuid:meeting_id>/papers/new/", meetings.add_paper, name="add_paper"),
    path("meetings/<uuid:meeting_id>/minutes/", meetings.minutes, name="minutes"),
    path(
        "meetings/<uuid:meeting_id>/minutes/approve/",
        meetings.approve_minutes,
        name="approve_minutes",
    ),
    path("meetings/<uuid:meeting_id>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<uuid:meeting_id>/actions/new/", records.add_action, name="add_action"),
    path("papers/<uuid:paper_id>/", meetings.download_paper, name="paper"),
    path("decisions/new/", records.record_decision, name="record_decision"),
    path("actions/", records.actions, name="actions"),
    path("actions/<uuid:action_id>/done/", records.complete_action, name="action_done"),
    path("reports/", reports.reports, name="reports"),
    path("reports/draft/", reports.draft_report, name="draft_report"),
    path("reports/<int:year>/", reports.report, name="report"),
    path("reports/<int:year>/edit/", reports.edit_report, name="edit_report"),
    path("reports/<int:year>/redraft/", reports.redraft_report, name="redraft_report"),
    path("reports/<int:year>/finalise/", reports.finalise_report, name="finalise_report"),
]
