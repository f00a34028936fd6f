from django.urls import path

from concord.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/history/", views.person_history, name="history"),
]
