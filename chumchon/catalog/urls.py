from django.urls import path

from chumchon.catalog import views

app_name = "catalog"

urlpatterns = [
    path("listings/", views.browse, name="browse"),
    path("l/<int:pk>/", views.listing_detail, name="listing"),
    path("l/<int:pk>/factsheet.pdf", views.listing_factsheet, name="factsheet"),
    path("sell/", views.my_listings, name="mine"),
    path("sell/new/", views.listing_new, name="new"),
    path("sell/<int:pk>/", views.listing_edit, name="edit"),
    path("sell/<int:pk>/submit/", views.listing_submit, name="submit"),
    path("sell/<int:pk>/delete/", views.listing_delete, name="delete"),
    path("sell/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("sell/<int:pk>/photos/<int:photo_pk>/<str:action>/", views.photo_action, name="photo_action"),
    path("sell/<int:pk>/sessions/", views.session_add, name="session_add"),
    path("sell/<int:pk>/sessions/<int:session_pk>/delete/", views.session_delete, name="session_delete"),
    path("sell/<int:pk>/stops/", views.stops_edit, name="stops"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review_listing, name="review"),
]
