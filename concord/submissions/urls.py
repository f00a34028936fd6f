from django.urls import path

from concord.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.submissions, name="list"),
    path("history/", views.history, name="history"),
    path("<uuid:submission_id>/", views.detail, name="detail"),
    path("<uuid:submission_id>/progress/", views.progress, name="progress"),
    path("<uuid:submission_id>/rows/<uuid:row_id>/fix/", views.fix_row, name="fix-row"),
    path("<uuid:submission_id>/rows/<uuid:row_id>/discard/", views.discard, name="discard-row"),
]
