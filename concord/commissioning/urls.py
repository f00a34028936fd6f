from django.urls import path

from concord.commissioning import views, views_funding

app_name = "commissioning"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.new_contract, name="new"),
    path("<uuid:contract_id>/", views.contract_detail, name="contract"),
    path("<uuid:contract_id>/edit/", views.edit_contract, name="edit"),
    path("<uuid:contract_id>/kpis/", views.set_kpi, name="kpi"),
    path("<uuid:contract_id>/returns/", views.start_return, name="start-return"),
    path("returns/<uuid:return_id>/", views.return_page, name="return"),
    path("returns/<uuid:return_id>/evidence/", views.add_evidence, name="evidence"),
    path(
        "returns/<uuid:return_id>/evidence/<uuid:evidence_id>/",
        views.download_evidence,
        name="evidence-file",
    ),
    path("returns/<uuid:return_id>/review/", views.review, name="review"),
    path("funding/", views_funding.year_page, name="funding"),
    path("funding/new/", views_funding.new_stream, name="funding-new"),
    path("funding/<uuid:stream_id>/", views_funding.stream_page, name="funding-stream"),
    path(
        "funding/<uuid:stream_id>/allocate/",
        views_funding.new_allocation,
        name="funding-allocate",
    ),
    path(
        "funding/allocations/<uuid:allocation_id>/spend/",
        views_funding.return_spend,
        name="funding-spend",
    ),
]
