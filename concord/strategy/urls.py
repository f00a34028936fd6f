from django.urls import URLPattern, URLResolver, path

from concord.strategy import views, views_risks

app_name = "strategy"

urlpatterns: list[URLPattern | URLResolver] = [
    # The strategy and its delivery plan (ADR 0026)
    path("", views.home, name="home"),
    path("set-up/", views.edit_strategy, name="edit"),
    path("objectives/add/", views.edit_objective, name="add-objective"),
    path("objectives/<uuid:objective_id>/", views.edit_objective, name="edit-objective"),
    path("plans/start/", views.start_plan, name="start-plan"),
    path("plans/<int:year>/", views.plan, name="plan"),
    path("plans/<int:year>/refresh/", views.refresh, name="refresh"),
    path("plans/<int:year>/actions/add/", views.add_action, name="add-action"),
    path("actions/<uuid:action_id>/", views.action, name="action"),
    path("actions/<uuid:action_id>/change/", views.edit_action, name="edit-action"),
    path("actions/<uuid:action_id>/targets/", views.action_targets, name="action-targets"),
    path("actions/<uuid:action_id>/updates/add/", views.add_update, name="add-update"),
    path("updates/", views.approvals, name="approvals"),
    path("updates/<uuid:update_id>/", views.decide, name="decide"),
    path("evidence/<uuid:evidence_id>/", views.evidence, name="evidence"),
    path("self-assessment/", views.assessment, name="assessment"),
    path("self-assessment/<uuid:objective_id>/<int:year>/", views.assess, name="assess"),
    # The risk register (ADR 0029)
    path("risks/", views_risks.risk_list, name="risks"),
    path("risks/new/", views_risks.new_risk, name="risks-new"),
    path("risks/<uuid:risk_id>/", views_risks.risk_page, name="risk"),
    path("risks/<uuid:risk_id>/edit/", views_risks.edit_risk, name="risks-edit"),
    path("risks/<uuid:risk_id>/close/", views_risks.close_risk, name="risks-close"),
]
