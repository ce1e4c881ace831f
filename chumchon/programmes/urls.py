from django.urls import path

from chumchon.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mou/new/", views.mou_new, name="mou_new"),
    path("mou/<int:pk>/edit/", views.mou_edit, name="mou_edit"),
    path("mou/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("cities/<slug:slug>/", views.city_timeline, name="timeline"),
    path("cities/<slug:slug>/path/new/", views.city_stage_new, name="city_stage_new"),
    path("cities/<slug:slug>/readiness/new/", views.readiness_new, name="readiness_new"),
    path("mou/<int:pk>/document/", views.mou_document, name="mou_document"),
    path("readiness/<int:pk>/", views.readiness_update, name="readiness_update"),
    path("readiness/<int:pk>/edit/", views.readiness_edit, name="readiness_edit"),
    path("readiness/<int:pk>/evidence/", views.readiness_evidence, name="readiness_evidence"),
    path("my-actions/", views.mine, name="mine"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
]
