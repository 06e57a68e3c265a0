from .views import apply, public, review

app_name = "endorsements"

# Each page module lists its own paths: the application, the review, the public pages.
urlpatterns = [*apply.urlpatterns, *review.urlpatterns, *public.urlpatterns]
