from django.urls import path

from concord.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<uuid:run_id>/", views.run, name="run"),
    path("runs/<uuid:run_id>/progress/", views.run_progress, name="run-progress"),
    path("calibration/", views.calibration, name="calibration"),
    path("review/", views.review_queue, name="review"),
    path("review/<uuid:pair_id>/", views.review_pair, name="review-pair"),
    path("people/<int:number>/", views.person, name="person"),
]
