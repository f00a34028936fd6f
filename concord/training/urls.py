from django.urls import path

from concord.training import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("export.csv", views.session_export, name="export"),
    path("new/", views.add_session, name="add"),
    path("<uuid:session_id>/edit/", views.edit_session, name="edit"),
]
