from django.urls import path

from concord.accommodation import views

app_name = "accommodation"

urlpatterns = [
    path("<uuid:case_id>/", views.housing, name="housing"),
    path(
        "<uuid:case_id>/sanctuary-measures/new/",
        views.add_sanctuary_measure,
        name="add-sanctuary-measure",
    ),
    path("<uuid:case_id>/<slug:outcome>/", views.record_outcome, name="outcome"),
]
