from django.urls import path

from chumchon.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("staff/new/", views.event_create, name="event_create"),
    path("staff/<slug:slug>/", views.manage, name="manage"),
    path("staff/<slug:slug>/edit/", views.event_edit, name="event_edit"),
    path("staff/<slug:slug>/sessions/", views.session_add, name="session_add"),
    path("staff/<slug:slug>/sessions/<int:pk>/remove/", views.session_remove, name="session_remove"),
    path("staff/<slug:slug>/tables/", views.tables_set, name="tables_set"),
    path("staff/<slug:slug>/status/<str:action>/", views.event_status, name="event_status"),
    path(
        "staff/<slug:slug>/registrations/<int:pk>/<str:action>/",
        views.registration_decide,
        name="registration_decide",
    ),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/participants/<int:pk>/request/", views.request_send, name="request_send"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/requests/<int:pk>/<str:action>/", views.request_answer, name="request_answer"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    # --- recommendations, outcomes, follow-ups and the event report ---
    path("<slug:slug>/participants/<int:pk>/preference/", views.preference_set, name="preference_set"),
    path("<slug:slug>/outcomes/", views.outcomes, name="outcomes"),
    path("<slug:slug>/outcomes/<int:pk>/", views.outcome_save, name="outcome_save"),
    path("<slug:slug>/outcomes/<int:pk>/deal/", views.meeting_deal, name="meeting_deal"),
    path("follow-up/<uuid:token>/", views.follow_up, name="follow_up"),
    path("staff/<slug:slug>/report/", views.report, name="report"),
    path("staff/<slug:slug>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("staff/<slug:slug>/follow-ups/", views.follow_ups_send, name="follow_ups_send"),
]
