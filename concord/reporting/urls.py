from django.urls import path

from concord.reporting import views

app_name = "reporting"

urlpatterns = [
    path("quarterly/", views.quarterly, name="quarterly"),
]
