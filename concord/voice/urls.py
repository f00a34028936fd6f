"""Feedback, complaints and survivor involvement (issue 18)."""

from django.urls import path

from concord.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.start, name="start"),
    path("items/", views.feedback_list, name="feedback"),
    path("items/new/", views.record_feedback, name="record-feedback"),
    path("items/<uuid:feedback_id>/", views.feedback_item, name="feedback-item"),
    path("items/<uuid:feedback_id>/actions/", views.feedback_actions, name="feedback-actions"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/export.csv", views.complaint_export, name="complaints-export"),
    path("complaints/new/", views.log_complaint, name="log-complaint"),
    path("complaints/<uuid:complaint_id>/", views.complaint_detail, name="complaint"),
    path("complaints/<uuid:complaint_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("complaints/<uuid:complaint_id>/respond/", views.respond, name="respond"),
    path("complaints/<uuid:complaint_id>/escalate/", views.escalate, name="escalate"),
    path("involvement/", views.involvement_list, name="involvement"),
    path("involvement/new/", views.record_activity, name="record-activity"),
    path("involvement/<uuid:activity_id>/", views.activity_detail, name="activity"),
    path("involvement/<uuid:activity_id>/change/", views.change_activity, name="change-activity"),
]
