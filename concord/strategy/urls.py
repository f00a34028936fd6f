from django.urls import URLPattern, URLResolver, path

from concord.strategy import views_risks

app_name = "strategy"

urlpatterns: list[URLPattern | URLResolver] = []

# The risk register (ADR 0029).
urlpatterns += [
    path("risks/", views_risks.risk_list, name="risks"),
    path("risks/new/", views_risks.new_risk, name="risks-new"),
    path("risks/<uuid:risk_id>/", views_risks.risk_page, name="risk"),
    path("risks/<uuid:risk_id>/edit/", views_risks.edit_risk, name="risks-edit"),
    path("risks/<uuid:risk_id>/close/", views_risks.close_risk, name="risks-close"),
]
