from django.urls import path

from chumchon.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("cities/<slug:slug>/", views.city_timeline, name="timeline"),
    path("mou/<int:pk>/document/", views.mou_document, name="mou_document"),
    path("readiness/<int:pk>/", views.readiness_update, name="readiness_update"),
    path("readiness/<int:pk>/evidence/", views.readiness_evidence, name="readiness_evidence"),
    path("my-actions/", views.mine, name="mine"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
