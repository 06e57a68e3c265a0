from django.urls import path

from . import outreach_views, views

app_name = "workplace"

urlpatterns = [
    path("workplace/", views.inbox, name="inbox"),
    path("workplace/candidates/", views.candidate_list, name="candidates"),
    path("workplace/candidates/<int:pk>/", views.record, name="record"),
    path("workplace/candidates/<int:pk>/note/", views.record_note, name="record_note"),
    path("workplace/candidates/<int:pk>/move/", views.record_move, name="record_move"),
    path("workplace/candidates/<int:pk>/file/", views.record_file, name="record_file"),
    path("workplace/settings/", outreach_views.workplace_settings, name="settings"),
    path("workplace/segments/", outreach_views.segment_list, name="segments"),
    path("workplace/segments/new/", outreach_views.segment_new, name="segment_new"),
    path("workplace/segments/<int:pk>/", outreach_views.segment_edit, name="segment"),
    path(
        "workplace/segments/<int:pk>/delete/",
        outreach_views.segment_delete,
        name="segment_delete",
    ),
    path("workplace/segments/<int:pk>/email/", outreach_views.segment_email, name="segment_email"),
]
