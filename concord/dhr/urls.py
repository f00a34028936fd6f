from django.urls import path

from concord.dhr import views

app_name = "dhr"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("notify/", views.notify, name="notify"),
    path("<uuid:review_id>/", views.review_page, name="review"),
    path("<uuid:review_id>/names/", views.reveal_names, name="names"),
    path("<uuid:review_id>/decision/", views.decide, name="decide"),
    path("<uuid:review_id>/home-office/", views.home_office, name="home-office"),
    path("<uuid:review_id>/panel/add/", views.add_member, name="add-member"),
    path(
        "<uuid:review_id>/panel/<uuid:member_id>/remove/",
        views.remove_member,
        name="remove-member",
    ),
    path("<uuid:review_id>/reports/add/", views.add_report, name="add-report"),
    path(
        "<uuid:review_id>/reports/<uuid:report_id>/received/",
        views.report_received,
        name="report-received",
    ),
    path(
        "<uuid:review_id>/recommendations/add/",
        views.add_recommendation,
        name="add-recommendation",
    ),
    path(
        "<uuid:review_id>/recommendations/<int:number>/complete/",
        views.complete,
        name="complete",
    ),
]
