from django.urls import path

from chumchon.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", views.ArticleFeed(), name="feed"),
    path("new/", views.article_new, name="new"),
    path("preview/", views.article_preview, name="preview"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.article_review, name="article_review"),
    path("comments/<int:pk>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("edit/<int:pk>/", views.article_edit, name="edit"),
    path("edit/<int:pk>/files/", views.resource_upload, name="resource_upload"),
    path("edit/<int:pk>/submit/", views.article_submit, name="submit"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/comment/", views.comment_post, name="comment"),
]
