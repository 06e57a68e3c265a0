from django.urls import path

from . import views

app_name = "workplace"

urlpatterns = [
    path("workplace/", views.inbox, name="inbox"),
    path("workplace/candidates/", views.candidate_list, name="candidates"),
    path("workplace/candidates/<int:pk>/", views.record, name="record"),
    path("workplace/candidates/<int:pk>/note/", views.record_note, name="record_note"),
    path("workplace/candidates/<int:pk>/move/", views.record_move, name="record_move"),
    path("workplace/candidates/<int:pk>/file/", views.record_file, name="record_file"),
]
