from django.urls import path

from concord.oversight import views

app_name = "oversight"

urlpatterns = [
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<uuid:alert_id>/", views.alert_detail, name="alert"),
    path("break-glass/", views.break_glass, name="break-glass"),
    path("break-glass/<uuid:grant_id>/", views.broken_glass, name="broken-glass"),
]
