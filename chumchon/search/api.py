"""Search API: `GET /api/v1/search/suggest?q=…` for autocomplete. (The listings API, `GET
/api/v1/listings/?q=…`, calls `selectors.search_listings`.)"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from chumchon.catalog.selectors import published_listings
from chumchon.search import selectors


@extend_schema(
    summary="Suggestions while typing",
    description="Communities, listings and provinces matching what has been typed so far (the last word as a "
    "prefix; Thai without spaces, English or a transliteration). At most 8.",
    parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What has been typed (at most 100 characters).")],
    responses=inline_serializer(
        "SearchSuggestions",
        {
            "query": serializers.CharField(),
            "suggestions": inline_serializer(
                "SearchSuggestion",
                {
                    "kind": serializers.ChoiceField(choices=["community", "listing", "place"]),
                    "text": serializers.CharField(),
                    "url": serializers.CharField(),
                },
                many=True,
            ),
        },
    ),
)
@api_view(["GET"])
@permission_classes([AllowAny])
def suggest(request: Request) -> Response:
    query = " ".join(str(request.query_params.get("q") or "").split())[:100]
    items = selectors.suggestions(query, listings=published_listings()) if query else []
    for item in items:
        item["url"] = request.build_absolute_uri(item["url"])
    return Response({"query": query, "suggestions": items})


urlpatterns = [
    path("search/suggest", suggest, name="search-suggest"),
]
