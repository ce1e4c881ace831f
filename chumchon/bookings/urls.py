from django.urls import path

from chumchon.bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.my_bookings, name="mine"),
    path("book/<int:listing_pk>/", views.book, name="book"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/slip/<int:payment_pk>/", views.slip, name="slip"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:pk>/booking.ics", views.calendar_file, name="ics"),
    path("<int:pk>/slip/upload/", views.upload_slip, name="upload_slip"),
    path("<int:pk>/confirm-payment/", views.confirm_payment, name="confirm_payment"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/no-show/", views.no_show, name="no_show"),
    path("sessions/", views.seller_sessions, name="sessions"),
    path("terms/<int:listing_pk>/", views.terms, name="terms"),
    path("capacity/<int:community_pk>/", views.capacity, name="capacity"),
]
