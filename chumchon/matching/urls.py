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
    path("staff/<slug:slug>/registrations/approve/", views.registrations_approve, name="registrations_approve"),
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
    # --- Scheduling by the organiser ---
    path("staff/<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("staff/<slug:slug>/schedule/instance.json", views.schedule_instance, name="schedule_instance"),
    path("staff/<slug:slug>/schedule/run/", views.schedule_start, name="schedule_start"),
    path("staff/<slug:slug>/schedule/import/", views.schedule_import, name="schedule_import"),
    path("staff/<slug:slug>/schedule/publish/", views.event_publish, name="event_publish"),
    path("staff/<slug:slug>/schedule/runs/<int:pk>/progress/", views.schedule_progress, name="schedule_progress"),
    path("staff/<slug:slug>/schedule/runs/<int:pk>/apply/", views.schedule_apply, name="schedule_apply"),
    path("staff/<slug:slug>/schedule/meetings/<int:pk>/move/", views.meeting_move, name="meeting_move"),
    path("staff/<slug:slug>/schedule/meetings/<int:pk>/lock/", views.meeting_lock, name="meeting_lock"),
    path("staff/<slug:slug>/schedule/requests/<int:pk>/place/", views.meeting_assign, name="meeting_assign"),
    # --- agendas and the day itself ---
    path("sw.js", views.service_worker, name="service_worker"),
    path("calendar/<uuid:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/agenda/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<slug:slug>/agenda/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/agenda/calendar-token/", views.calendar_token_new, name="calendar_token_new"),
    path("<slug:slug>/agenda/meetings/<int:pk>/mark/", views.agenda_meeting_mark, name="agenda_meeting_mark"),
    path("staff/<slug:slug>/day/", views.day, name="day"),
    path("staff/<slug:slug>/checkin/<uuid:token>/", views.checkin, name="checkin"),
    path("staff/<slug:slug>/day/meetings/<int:pk>/mark/", views.day_meeting_mark, name="day_meeting_mark"),
    path("staff/<slug:slug>/day/release/<int:pk>/", views.day_release, name="day_release"),
    path("staff/<slug:slug>/day/walk-in/", views.day_walk_in, name="day_walk_in"),
    path("staff/<slug:slug>/day/tables/", views.table_sheets, name="table_sheets"),
    path("staff/<slug:slug>/day/tables.pdf", views.table_sheets_pdf, name="table_sheets_pdf"),
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
