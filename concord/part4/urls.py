from django.urls import path  # noqa: F401

app_name = "part4"

urlpatterns: list = []
