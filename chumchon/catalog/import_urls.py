from django.urls import path

from chumchon.catalog import import_views

app_name = "catalog_import"

urlpatterns = [
    path("", import_views.upload, name="upload"),
    path("<int:pk>/", import_views.job_detail, name="job"),
    path("<int:pk>/run/", import_views.job_run, name="run"),
]
