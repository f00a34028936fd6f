from django.urls import path

from concord.submissions import views, views_agreements

app_name = "submissions"
urlpatterns = [
    path("", views.submissions, name="list"),
    path("history/", views.history, name="history"),
    path("<uuid:submission_id>/", views.detail, name="detail"),
    path("<uuid:submission_id>/progress/", views.progress, name="progress"),
    path("<uuid:submission_id>/rows/<uuid:row_id>/fix/", views.fix_row, name="fix-row"),
    path("<uuid:submission_id>/rows/<uuid:row_id>/discard/", views.discard, name="discard-row"),
    path("agreements/", views_agreements.agreement_list, name="agreements"),
    path("agreements/new/", views_agreements.new_agreement, name="agreements-new"),
    path("agreements/<uuid:agreement_id>/", views_agreements.agreement_page, name="agreement"),
    path(
        "agreements/<uuid:agreement_id>/edit/",
        views_agreements.edit_agreement,
        name="agreement-edit",
    ),
    path(
        "agreements/<uuid:agreement_id>/sign/",
        views_agreements.add_signatory,
        name="agreement-sign",
    ),
    path(
        "agreements/signatories/<uuid:signatory_id>/withdraw/",
        views_agreements.withdraw,
        name="agreement-withdraw",
    ),
]
