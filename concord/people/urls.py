from django.urls import path

from concord.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.new_person, name="new"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.edit_person, name="edit"),
    path("<uuid:person_id>/contact-safety/", views.contact_safety, name="contact-safety"),
    path("<uuid:person_id>/reveal/", views.reveal, name="reveal"),
    path("<uuid:person_id>/other-names/new/", views.add_alias, name="add-alias"),
    path("<uuid:person_id>/relationships/new/", views.relate, name="relate"),
    path("<uuid:person_id>/history/", views.person_history, name="history"),
    path("<uuid:person_id>/access/", views.access, name="access"),
]
