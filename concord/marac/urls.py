from django.urls import path

from concord.marac.views import dashboard, meetings, referrals

app_name = "marac"

urlpatterns = [
    path("", meetings.home, name="home"),
    path("refer/<uuid:case_id>/", referrals.refer, name="refer"),
    path("referrals/<uuid:referral_id>/", referrals.referral_detail, name="referral"),
    path(
        "referrals/<uuid:referral_id>/safe-contact/",
        referrals.reveal_safe_contact,
        name="reveal-safe-contact",
    ),
    path(
        "referrals/<uuid:referral_id>/must-not-receive/",
        referrals.must_not_receive,
        name="must-not-receive",
    ),
    path("referrals/<uuid:referral_id>/agenda/", referrals.list_on_agenda, name="list-on-agenda"),
    path("referrals/<uuid:referral_id>/follow-up/", referrals.follow_up, name="follow-up"),
    path("areas/<slug:slug>/meetings/new/", meetings.schedule, name="schedule"),
    path("areas/<slug:slug>/dashboard/", dashboard.area_dashboard, name="dashboard"),
    path(
        "areas/<slug:slug>/returns/<str:quarter>.csv",
        dashboard.quarterly_return,
        {"file_format": "csv"},
        name="return-csv",
    ),
    path(
        "areas/<slug:slug>/returns/<str:quarter>.xlsx",
        dashboard.quarterly_return,
        {"file_format": "xlsx"},
        name="return-xlsx",
    ),
    path("meetings/<uuid:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<uuid:meeting_id>/change/", meetings.change_meeting, name="change-meeting"),
    path("meetings/<uuid:meeting_id>/agenda/add/", meetings.add_to_agenda, name="add-to-agenda"),
    path(
        "meetings/<uuid:meeting_id>/agenda.csv",
        meetings.agenda_export,
        {"file_format": "csv"},
        name="agenda-csv",
    ),
    path(
        "meetings/<uuid:meeting_id>/agenda.xlsx",
        meetings.agenda_export,
        {"file_format": "xlsx"},
        name="agenda-xlsx",
    ),
    path("cases/<uuid:item_id>/", meetings.item_detail, name="item"),
    path("cases/<uuid:item_id>/move/", meetings.move_item, name="move"),
    path("cases/<uuid:item_id>/research/", meetings.record_research, name="research"),
    path("cases/<uuid:item_id>/discussion/", meetings.record_discussion, name="discussion"),
    path("cases/<uuid:item_id>/actions/new/", meetings.add_action, name="add-action"),
    path("actions/<uuid:action_id>/outcome/", meetings.action_outcome, name="action-outcome"),
]
