from django.urls import URLPattern, URLResolver

app_name = "dhr"

urlpatterns: list[URLPattern | URLResolver] = []
