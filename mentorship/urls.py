from django.urls import path

from .views import matches, mentors, questions

app_name = "mentorship"

urlpatterns = [
    # Mentors: anyone signed in may apply; the home is for people who did.
    path("mentor/", mentors.mentor_home, name="mentor_home"),
    path("mentor/apply/", mentors.mentor_apply, name="mentor_apply"),
    path("mentor/pause/", mentors.mentor_pause, name="mentor_pause"),
    # Ask the experts: the candidate's questions, and each thread with its buttons (POST only).
    path("questions/", questions.questions, name="questions"),
    path("questions/ask/", questions.question_ask, name="question_ask"),
    path("questions/<int:pk>/", questions.question, name="question"),
    path("questions/<int:pk>/claim/", questions.question_claim, name="question_claim"),
    path("questions/<int:pk>/answer/", questions.question_answer, name="question_answer"),
    path("questions/<int:pk>/follow-up/", questions.question_follow_up, name="question_follow_up"),
    path("questions/<int:pk>/resolve/", questions.question_resolve, name="question_resolve"),
    path("questions/<int:pk>/withdraw/", questions.question_withdraw, name="question_withdraw"),
    path("questions/<int:pk>/release/", questions.question_release, name="question_release"),
    # Longer matches: the candidate asks; directors and staff confirm; either side ends it.
    path("mentor-match/", matches.match_request_new, name="match_request_new"),
    path("mentor-match/requests/", matches.match_requests, name="match_requests"),
    path("mentor-match/requests/<int:pk>/", matches.match_request, name="match_request"),
    path("mentor-match/requests/<int:pk>/confirm/", matches.match_confirm, name="match_confirm"),
    path("mentor-match/<int:pk>/end/", matches.match_end, name="match_end"),
]
