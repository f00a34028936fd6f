from django.urls import path

from concord.cases import (
    views,
    views_children,
    views_chronology,
    views_documents,
    views_imports,
    views_tasks,
)

app_name = "cases"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("export.csv", views.caseload_export, {"file_format": "csv"}, name="export"),
    path("export.xlsx", views.caseload_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("open/<uuid:person_id>/", views.open_case, name="open"),
    path("imports/", views_imports.imports, name="imports"),
    path("imports/<uuid:batch_id>/", views_imports.batch, name="import-batch"),
    path("imports/<uuid:batch_id>/progress/", views_imports.progress, name="import-progress"),
    path("imports/<uuid:batch_id>/<uuid:row_id>/fix/", views_imports.fix_row, name="fix-row"),
    path(
        "imports/<uuid:batch_id>/<uuid:row_id>/discard/", views_imports.discard, name="discard-row"
    ),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/contacts/new/", views.record_contact, name="record-contact"),
    path("<uuid:case_id>/intake-profile/", views.intake_profile, name="intake-profile"),
    path("<uuid:case_id>/safety-plans/new/", views.add_safety_plan, name="add-safety-plan"),
    path("<uuid:case_id>/status/<str:target>/", views.change_status, name="change-status"),
    path("<uuid:case_id>/close/", views.close_case, name="close"),
    path("<uuid:case_id>/support-offers/new/", views.offer_support, name="offer-support"),
    path(
        "<uuid:case_id>/support-offers/<uuid:offer_id>/answer/",
        views.answer_offer,
        name="answer-offer",
    ),
    path("<uuid:case_id>/idva/", views.worked_by_idva, name="idva"),
    path("<uuid:case_id>/tasks/new/", views_tasks.add_task, name="add-task"),
    path(
        "<uuid:case_id>/tasks/<uuid:task_id>/done/",
        views_tasks.complete_task,
        name="complete-task",
    ),
    path(
        "<uuid:case_id>/safety-plans/<uuid:plan_id>/actions/new/",
        views_tasks.add_plan_action,
        name="add-plan-action",
    ),
    path("<uuid:case_id>/children/new/", views_children.add_child, name="add-child"),
    path(
        "<uuid:case_id>/children/<uuid:child_id>/needs/",
        views_children.child_needs,
        name="child-needs",
    ),
    path(
        "<uuid:case_id>/children/<uuid:child_id>/support/new/",
        views_children.add_child_support,
        name="add-child-support",
    ),
    path(
        "<uuid:case_id>/children/<uuid:child_id>/support/<uuid:support_id>/end/",
        views_children.end_child_support,
        name="end-child-support",
    ),
    path("<uuid:case_id>/chronology/", views_chronology.case_chronology, name="chronology"),
    path(
        "<uuid:case_id>/chronology/print/",
        views_chronology.case_chronology,
        {"printing": True},
        name="chronology-print",
    ),
    path("<uuid:case_id>/documents/", views_documents.case_documents, name="documents"),
    path("<uuid:case_id>/documents/new/", views_documents.add_document, name="add-document"),
    path(
        "<uuid:case_id>/documents/<uuid:document_id>/",
        views_documents.download_document,
        name="download-document",
    ),
    path(
        "people/<uuid:person_id>/chronology/",
        views_chronology.person_chronology,
        name="person-chronology",
    ),
    path(
        "people/<uuid:person_id>/chronology/print/",
        views_chronology.person_chronology,
        {"printing": True},
        name="person-chronology-print",
    ),
]
