from django.urls import path

from chumchon.inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.start, name="start"),
    path("new/confirm/", views.draft_confirm, name="draft_confirm"),
    path("<int:pk>/", views.conversation_detail, name="conversation"),
    path("<int:pk>/messages/", views.conversation_messages, name="messages"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/quote/", views.quote_new, name="quote_new"),
    path("<int:pk>/deal/", views.deal_new, name="deal_new"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/block/<int:person_pk>/", views.block, name="block"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("quotes/", views.quotes, name="quotes"),
    path("quotes/<int:pk>/accept/", views.quote_accept, name="quote_accept"),
    path("quotes/<int:pk>/decline/", views.quote_decline, name="quote_decline"),
    path("deals/", views.deals, name="deals"),
    path("deals/<int:pk>/", views.deal_detail, name="deal"),
    path("deals/<int:pk>/confirm/", views.deal_confirm, name="deal_confirm"),
    path("deals/<int:pk>/dispute/", views.deal_dispute, name="deal_dispute"),
    path("reported/", views.reported, name="reported"),
]
