from django.urls import path

from concord.risk import views

app_name = "risk"

urlpatterns = [
    path("case/<uuid:case_id>/assess/", views.start, name="start"),
    path("case/<uuid:case_id>/incidents/new/", views.record_incident, name="record-incident"),
    path("<uuid:assessment_id>/", views.assessment_detail, name="assessment"),
    path("<uuid:assessment_id>/part/<int:number>/", views.section, name="section"),
    path("<uuid:assessment_id>/finish/", views.finish, name="finish"),
    path("<uuid:assessment_id>/judgement/", views.judgement, name="judgement"),
]
