from django.urls import path

from .views import dashboard, impact

# The URL names predate this app and stay un-namespaced: templates and emails use them.
urlpatterns = [
    # The directors' dashboard and the public impact page.
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/funnel.csv", dashboard.funnel_csv, name="dashboard_funnel_csv"),
    path("dashboard/fair-share.csv", dashboard.fair_share_csv, name="dashboard_fair_share_csv"),
    path("dashboard/refresh/", dashboard.refresh_now, name="dashboard_refresh"),
    path("impact/", impact.impact, name="impact"),
]
