from django.urls import path

from chumchon.catalog.imports import views

app_name = "catalog_import"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/run/", views.job_run, name="run"),
    path("<int:pk>/categories/", views.job_categories, name="categories"),
]
