from django.urls import path

from .views import calls, data_rights, finder, host_calls, journey, screening

app_name = "candidates"

urlpatterns = [
    # Where can I run: public, no login.
    path("run/", finder.find_offices, name="finder"),
    path("run/interest/", finder.office_interest, name="office_interest"),
    # My journey: the candidate's own pages.
    path("journey/", journey.journey, name="journey"),
    path("journey/profile/", journey.profile, name="profile"),
    path("journey/activity/", journey.activity, name="activity"),
    path("journey/race/", journey.race_declare, name="race_declare"),
    path("journey/one-on-one/", calls.screening_opt_in, name="screening_opt_in"),
    # Weekly intro calls: the candidate's list and buttons (POST only).
    path("calls/", calls.calls, name="calls"),
    path("calls/<int:pk>/register/", calls.call_register, name="call_register"),
    path("calls/registration/<int:pk>/cancel/", calls.call_cancel, name="call_cancel"),
    # The personal links from the emails: the token is the authorisation, no login.
    path("calls/registration/<int:pk>/invite.ics", calls.call_ics, name="call_ics"),
    path("calls/r/<str:token>/", calls.call_manage, name="call_manage"),
    path("calls/join/<str:token>/", calls.call_join, name="call_join"),
    # Hosts: directors, staff and anyone hosting a session.
    path("calls/host/", host_calls.host_calls, name="host_calls"),
    path("calls/host/new/", host_calls.host_call_new, name="host_call_new"),
    path("calls/host/<int:pk>/edit/", host_calls.host_call_edit, name="host_call_edit"),
    path("calls/host/<int:pk>/cancel/", host_calls.host_call_cancel, name="host_call_cancel"),
    path("calls/host/<int:pk>/roster/", host_calls.host_call_roster, name="host_call_roster"),
    path(
        "calls/host/<int:pk>/roster.csv",
        host_calls.host_call_roster_csv,
        name="host_call_roster_csv",
    ),
    path("calls/host/<int:pk>/held/", host_calls.host_call_held, name="host_call_held"),
    # 1:1 screening calls: the candidate's booking page and buttons (POST only).
    path("screening/", screening.screening, name="screening"),
    path("screening/book/", screening.screening_book, name="screening_book"),
    path("screening/assign/", screening.screening_assign, name="screening_assign"),
    path("screening/cancel/", screening.screening_cancel, name="screening_cancel"),
    path("screening/invite.ics", screening.screening_ics, name="screening_ics"),
    # Screeners: their home, availability and the log of each call.
    path("screener/", screening.screener_home, name="screener_home"),
    path("screener/apply/", screening.screener_apply, name="screener_apply"),
    path(
        "screener/availability/",
        screening.screener_availability_add,
        name="screener_availability_add",
    ),
    path(
        "screener/availability/<int:pk>/remove/",
        screening.screener_availability_remove,
        name="screener_availability_remove",
    ),
    path("screener/calls/<int:pk>/log/", screening.screening_log, name="screening_log"),
    # Their data, their choice.
    path("journey/my-data/", data_rights.data_export, name="data_export"),
    path("journey/delete-account/", data_rights.account_delete, name="account_delete"),
]
