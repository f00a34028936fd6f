"""Outcome measures at intake, exit and follow-up (issue 18): for workers."""

from django.urls import path

from concord.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.case_measures, name="case"),
    path("cases/<uuid:case_id>/link/", views.make_link, name="make-link"),
    path("cases/<uuid:case_id>/<str:stage_key>/", views.record, name="record"),
    path("<uuid:measure_id>/", views.measure_detail, name="measure"),
]
