"""A questionnaire answered by one-time link (issue 18), without an account."""

from django.urls import path

from concord.outcomes import public_views

app_name = "questionnaire"

urlpatterns = [
    path("thank-you/", public_views.thanks, name="thanks"),
    path("<str:token>/", public_views.answer, name="answer"),
]
