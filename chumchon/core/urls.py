from django.urls import path

from chumchon.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/jobs/", views.jobs, name="jobs"),
]
