from .views import community, library, partners, perks, trainings

app_name = "resources"

urlpatterns = [
    *library.urlpatterns,
    *trainings.urlpatterns,
    *perks.urlpatterns,
    *community.urlpatterns,
    *partners.urlpatterns,
]
