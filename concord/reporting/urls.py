from django.urls import path

from concord.reporting import views

app_name = "reporting"

urlpatterns = [
    path("quarterly/", views.quarterly, name="quarterly"),
    path("partnership/", views.partnership, name="partnership"),
    path("needs-assessment/", views.needs_pack, name="needs_assessment"),
    path("strategy/", views.strategy_targets, name="strategy_targets"),
    path("strategy/<slug:code>/", views.strategy_target, name="strategy_target"),
]
