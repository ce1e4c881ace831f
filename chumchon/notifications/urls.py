from django.urls import path

from chumchon.notifications import views

app_name = "notifications"

# Included under /inbox/ (chumchon/urls.py): the pages sit in the inbox's menu, and their addresses
# did not change when they moved out of `inquiries`.
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("settings/", views.notification_settings, name="settings"),
    path("settings/line/unlink/", views.line_unlink, name="line_unlink"),
]
