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
    path("monitoring/", views.monitoring_reports, name="monitoring_reports"),
    path("monitoring/<int:pk>/", views.monitoring_report, name="monitoring_report"),
    path("monitoring/<int:pk>/report.docx", views.monitoring_export, {"file_format": "docx"}, name="monitoring_docx"),
    path("monitoring/<int:pk>/report.pdf", views.monitoring_export, {"file_format": "pdf"}, name="monitoring_pdf"),
]
