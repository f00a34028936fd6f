from django.urls import path

from concord.helpline import views

app_name = "helpline"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("export.csv", views.call_export, name="export"),
    path("new/", views.log_call, name="log"),
    path("<uuid:call_id>/", views.call_detail, name="detail"),
    path("<uuid:call_id>/case/", views.turn_into_case, name="turn-into-case"),
]
