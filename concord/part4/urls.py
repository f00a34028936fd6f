from django.urls import path

from concord.part4 import views

app_name = "part4"

urlpatterns = [
    path("return/", views.part4_return, name="return"),
    path("return/sign-off/", views.sign_off, name="sign_off"),
]
