from django.urls import path

from concord.accommodation import views

app_name = "accommodation"

urlpatterns = [
    path("accommodation/", views.accommodation_list, name="setup-list"),
    path("accommodation/<uuid:service_id>/", views.setup, name="setup"),
    path("accommodation/<uuid:service_id>/change/", views.change_setup, name="setup-change"),
    path("accommodation/<uuid:service_id>/units/new/", views.add_unit, name="add-unit"),
    path(
        "accommodation/<uuid:service_id>/unmet-need/new/",
        views.add_unmet_need,
        name="add-unmet-need",
    ),
    path("units/<uuid:unit_id>/", views.change_unit, name="unit"),
    path("units/<uuid:unit_id>/location/", views.unit_location, name="unit-location"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("<uuid:case_id>/stays/new/", views.place, name="place"),
    path("<uuid:case_id>/stays/<uuid:stay_id>/", views.stay, name="stay"),
    path("<uuid:case_id>/stays/<uuid:stay_id>/move-out/", views.move_out, name="move-out"),
    path(
        "<uuid:case_id>/stays/<uuid:stay_id>/members/<uuid:member_id>/characteristics/",
        views.characteristics,
        name="characteristics",
    ),
    path(
        "<uuid:case_id>/stays/<uuid:stay_id>/members/<uuid:member_id>/support/new/",
        views.add_support,
        name="add-support",
    ),
    path("<uuid:case_id>/", views.housing, name="housing"),
    path(
        "<uuid:case_id>/sanctuary-measures/new/",
        views.add_sanctuary_measure,
        name="add-sanctuary-measure",
    ),
    path("<uuid:case_id>/<slug:outcome>/", views.record_outcome, name="outcome"),
]
