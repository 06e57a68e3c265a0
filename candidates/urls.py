from django.urls import path

from .views import data_rights, finder, journey

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
    # Their data, their choice.
    path("journey/my-data/", data_rights.data_export, name="data_export"),
    path("journey/delete-account/", data_rights.account_delete, name="account_delete"),
]
