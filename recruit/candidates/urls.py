from django.urls import path

from recruit.candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("<int:pk>/notes/", views.note_add, name="note-add"),
    path("<int:pk>/merge/", views.candidate_merge, name="merge"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
]
