from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from chumchon.core import views as core_views
from chumchon.notifications import views as notification_views

handler403 = "chumchon.core.views.permission_denied"
handler404 = "chumchon.core.views.page_not_found"
handler500 = "chumchon.core.views.server_error"

# Pages exist in Thai (no prefix, the default) and English (/en/...).
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include("chumchon.api.urls")),
    # What LINE posts for the official account (not translated: LINE's console holds the address).
    path("line/webhook/", notification_views.line_webhook, name="line_webhook"),
    *i18n_patterns(
        path("", include("chumchon.core.urls")),
        path("", include("chumchon.places.urls")),
        path("", include("chumchon.catalog.urls")),
        path("staff/import/", include("chumchon.catalog.imports.urls")),
        path("search/", include("chumchon.search.urls")),
        path("inbox/", include("chumchon.inquiries.urls")),
        path("inbox/", include("chumchon.notifications.urls")),
        path("bookings/", include("chumchon.bookings.urls")),
        path("reviews/", include("chumchon.reviews.urls")),
        path("trips/", include("chumchon.trips.urls")),
        path("knowledge/", include("chumchon.knowledge.urls")),
        path("programme/", include("chumchon.programmes.urls")),
        path("matching/", include("chumchon.matching.urls")),
        path("impact/", include("chumchon.impact.urls")),
        path("accounts/", include("allauth.urls")),
        path("accounts/", include("chumchon.accounts.urls")),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
