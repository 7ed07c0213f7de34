from django.urls import path

from recruit.candidates import resume_views, views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("<int:pk>/notes/", views.note_add, name="note-add"),
    path("<int:pk>/merge/", views.candidate_merge, name="merge"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
    path("documents/<int:pk>/reparse/", resume_views.document_reparse, name="document-reparse"),
    path(
        "<int:pk>/resume/<int:document_pk>/accept/<str:field>/",
        resume_views.accept_parsed,
        name="accept-parsed",
    ),
    path("<int:pk>/resume.json", resume_views.json_resume_export, name="json-resume"),
    path("import/json-resume/", resume_views.json_resume_import, name="import-json-resume"),
]
