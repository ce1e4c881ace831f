from django.urls import path

from chumchon.places import views

app_name = "places"

urlpatterns = [
    path("communities/", views.browse, name="browse"),
    path("communities/<slug:province>/", views.province_detail, name="province"),
    path("communities/<slug:province>/<slug:district>/", views.district_detail, name="district"),
    path("c/<slug:slug>/", views.community_detail, name="community"),
    path("creative-cities/", views.creative_cities, name="creative_cities"),
]
