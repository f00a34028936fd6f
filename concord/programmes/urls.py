from django.urls import path

from concord.programmes.views import family, perpetrator

app_name = "programmes"

CHILD = "<uuid:case_id>/family/children/<uuid:child_id>"

urlpatterns = [
    path("<uuid:case_id>/family/", family.family, name="family"),
    path("<uuid:case_id>/family/children/new/", family.add_child, name="add-child"),
    path(
        f"{CHILD}/risk-assessments/new/",
        family.child_risk_assessment,
        name="child-risk-assessment",
    ),
    path(f"{CHILD}/concerns/", family.child_concerns, name="child-concerns"),
    path(f"{CHILD}/sessions/new/", family.child_sessions, name="child-sessions"),
    path("<uuid:case_id>/perpetrator/", perpetrator.perpetrator, name="perpetrator"),
    path(
        "<uuid:case_id>/perpetrator/<slug:section>/",
        perpetrator.perpetrator_section,
        name="perpetrator-section",
    ),
]
