from django.urls import path

from chumchon.impact import views

app_name = "impact"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export, {"file_format": "xlsx"}, name="export_xlsx"),
    path("export.csv", views.export, {"file_format": "csv"}, name="export_csv"),
    path("mine/", views.mine, name="mine"),
    path("surveys/import/", views.survey_import, name="survey_import"),
    path("community/<slug:slug>/", views.community, name="community"),
    path("community/<slug:slug>/entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
]
