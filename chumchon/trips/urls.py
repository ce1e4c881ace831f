from django.urls import path

from chumchon.trips import views

app_name = "trips"

urlpatterns = [
    path("", views.trips, name="list"),
    path("saved/", views.saved, name="saved"),
    path("saved/<int:listing_pk>/toggle/", views.toggle_saved, name="toggle_saved"),
    path("add/<int:listing_pk>/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/arrange/", views.arrange, name="arrange"),
    path("<int:pk>/remove/<int:item_pk>/", views.remove, name="remove"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
