from django.urls import path

from chumchon.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.to_write, name="mine"),
    path("write/booking/<int:pk>/", views.write_for_booking, name="write_booking"),
    path("write/deal/<int:pk>/", views.write_for_deal, name="write_deal"),
    path("write/meeting/<int:pk>/", views.write_for_meeting, name="write_meeting"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/report/", views.report, name="report"),
    path("listing/<int:pk>/", views.reviews_of_listing, name="listing"),
    path("community/<slug:slug>/", views.reviews_of_community, name="community"),
    path("staff/", views.queue, name="queue"),
    path("staff/<int:pk>/<str:action>/", views.moderate, name="moderate"),
]
