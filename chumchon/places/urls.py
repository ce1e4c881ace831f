from django.urls import path

from chumchon.places import views

app_name = "places"

urlpatterns = [
    path("communities/", views.browse, name="browse"),
    path("communities/<slug:province>/", views.province_detail, name="province"),
    path("communities/<slug:province>/<slug:district>/", views.district_detail, name="district"),
    path("c/<slug:slug>/", views.community_detail, name="community"),
    path("my-community/", views.join, name="join"),
    path("my-community/claim/<int:pk>/", views.claim, name="claim"),
    path("my-community/propose/", views.propose, name="propose"),
    path("my-community/invitation/<str:token>/", views.invitation, name="invitation"),
    path("my-community/subdistricts/", views.subdistrict_options, name="subdistrict_options"),
    path("review/communities/", views.claim_queue, name="claim_queue"),
    path("review/communities/<int:pk>/", views.claim_decide, name="claim_decide"),
    path("creative-cities/", views.creative_cities, name="creative_cities"),
]
