from django.urls import path
from django.views.generic import RedirectView

from chumchon.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/data.json", views.data_export, name="data_export"),
    path("me/delete/", views.account_delete, name="delete"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("privacy/accept/", views.consent, name="consent"),
    path("me/api-keys/", views.api_keys, name="api_keys"),
    path("me/api-keys/<str:prefix>/revoke/", views.api_key_revoke, name="api_key_revoke"),
    path("me/api-token/", RedirectView.as_view(pattern_name="accounts:api_keys", permanent=True)),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/members/", views.member_add, name="member_add"),
    path("organisations/<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
]
