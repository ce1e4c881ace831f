"""REST API for listings: published listings for everyone; sellers manage their own with a token."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, cached_property
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.accounts.models import User
from chumchon.catalog import selectors, services
from chumchon.catalog.filters import ListingFilterSet
from chumchon.catalog.forms import FIELDS_BY_KIND
from chumchon.catalog.models import Category, Kind, Listing, Photo, Theme
from chumchon.core.filters import FilterBackend
from chumchon.core.http import signed_in_user
from chumchon.places.models import Community


class PhotoURLs(serializers.Serializer[Any]):
    url = serializers.CharField()
    srcset = serializers.CharField()
    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ListingSerializer(serializers.ModelSerializer[Listing]):
    community = serializers.SlugRelatedField(slug_field="slug", queryset=Community.objects.all())
    community_external_id = serializers.CharField(source="community.external_id", read_only=True, allow_null=True)
    community_name_th = serializers.CharField(source="community.name_th", read_only=True)
    community_name_en = serializers.CharField(source="community.name_en", read_only=True)
    province = serializers.CharField(source="community.province.name_en", read_only=True)
    province_th = serializers.CharField(source="community.province.name_th", read_only=True)
    district = serializers.CharField(source="community.district.name_en", read_only=True)
    district_th = serializers.CharField(source="community.district.name_th", read_only=True)
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), allow_null=True, required=False
    )
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Theme.objects.all(), required=False)
    tags: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    tag_names = serializers.ListField(child=serializers.CharField(max_length=60), write_only=True, required=False)
    photos = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id", "external_id", "kind", "status", "url", "community", "community_external_id", "community_name_th",
            "community_name_en", "province", "province_th", "district", "district_th", "title_th", "title_en",
            "description_th", "description_en", "category", "themes", "tags", "tag_names", "price", "price_unit",
            "wholesale_price", "min_order_qty", "lead_time_days", "stock", "materials", "size", "weight_grams",
            "duration_minutes", "capacity", "languages", "accessibility_notes", "photos", "published_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "published_at", "updated_at"]

    def to_representation(self, listing: Listing) -> dict[str, Any]:
        """What ModelSerializer's field-by-field representation gives, key for key and in the same
        order (test_api pins the two against each other), read straight off the listing.

        The generic path built the 37 fields for every request (deep copies, model field lookups)
        and took each value through its field's attribute lookup: about a third of a search request's
        Python time. The fields still validate what is written, describe the schema, and are the
        reference this must match: a field added to Meta.fields needs its line here too."""
        absolute = self._absolute_url
        community = listing.community
        province, district, category = community.province, community.district, listing.category
        # The decimals and dates as their fields write them (places, time zone, "Z"), by fields built once.
        price, wholesale_price, published_at, updated_at = _read_formats()
        return {
            "id": listing.pk,
            "external_id": _str_or_none(listing.external_id),
            "kind": str(listing.kind),
            "status": str(listing.status),
            "url": absolute(self._listing_path(listing.pk)),
            "community": community.slug,
            "community_external_id": _str_or_none(community.external_id),
            "community_name_th": str(community.name_th),
            "community_name_en": str(community.name_en),
            "province": str(province.name_en),
            "province_th": str(province.name_th),
            "district": str(district.name_en),
            "district_th": str(district.name_th),
            "title_th": str(listing.title_th),
            "title_en": str(listing.title_en),
            "description_th": str(listing.description_th),
            "description_en": str(listing.description_en),
            "category": None if category is None else category.slug,
            "themes": [theme.slug for theme in _related(listing, "themes")],
            "tags": [tag.name for tag in _related(listing, "tags")],
            "price": None if listing.price is None else price(listing.price),
            "price_unit": str(listing.price_unit),
            "wholesale_price": None if listing.wholesale_price is None else wholesale_price(listing.wholesale_price),
            "min_order_qty": listing.min_order_qty,
            "lead_time_days": listing.lead_time_days,
            "stock": listing.stock,
            "materials": str(listing.materials),
            "size": str(listing.size),
            "weight_grams": listing.weight_grams,
            "duration_minutes": listing.duration_minutes,
            "capacity": listing.capacity,
            "languages": str(listing.languages),
            "accessibility_notes": str(listing.accessibility_notes),
            "photos": [self._photo(photo, absolute) for photo in _related(listing, "photos")],
            "published_at": published_at(listing.published_at) if listing.published_at else None,
            "updated_at": updated_at(listing.updated_at) if listing.updated_at else None,
        }

    @cached_property
    def _absolute_url(self) -> Callable[[str], str]:
        """request.build_absolute_uri, with the scheme and host looked up once for the page rather
        than once for each listing and photo."""
        request = self.context.get("request")
        if request is None:
            return lambda url: url
        host = request.build_absolute_uri("/").removesuffix("/")

        def absolute(url: str) -> str:
            # build_absolute_uri's own shortcut: a path from the root, without '.' or '..' segments.
            if url.startswith("/") and not url.startswith("//") and "/./" not in url and "/../" not in url:
                return iri_to_uri(host + url)
            return request.build_absolute_uri(url)

        return absolute

    @cached_property
    def _listing_path(self) -> Callable[[int], str]:
        """Listing.get_absolute_url without reversing the URL once per listing (its language
        prefix is the request's, the same for the whole page)."""
        before, after = reverse("catalog:listing", kwargs={"pk": _PK_MARK}).split(str(_PK_MARK))
        return lambda pk: f"{before}{pk}{after}"

    @staticmethod
    def _photo(photo: Photo, absolute: Callable[[str], str]) -> dict[str, Any]:
        """get_photos' entry for one photo, with the renditions listed once."""
        renditions = photo.rendition_urls()
        return {
            "url": absolute(photo.url_for(1024, renditions)),
            "srcset": ", ".join(f"{absolute(url)} {width}w" for width, url in renditions),
            "alt": photo.alt,
            "width": photo.width,
            "height": photo.height,
        }

    # get_photos and get_url are what the schema describes and to_representation must equal.
    def get_photos(self, listing: Listing) -> list[dict[str, Any]]:
        request = self.context.get("request")
        absolute = request.build_absolute_uri if request is not None else (lambda url: url)
        return [
            {
                "url": absolute(photo.url_for(1024)),
                "srcset": ", ".join(
                    f"{absolute(part.rsplit(' ', 1)[0])} {part.rsplit(' ', 1)[1]}"
                    for part in photo.srcset.split(", ")
                    if part
                ),
                "alt": photo.alt,
                "width": photo.width,
                "height": photo.height,
            }
            for photo in listing.photos.all()
        ]

    def get_url(self, listing: Listing) -> str:
        request = self.context.get("request")
        path = listing.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path

    def validate_price(self, value: Any) -> Any:
        if value is not None and value < 0:
            raise serializers.ValidationError("A price cannot be negative.")
        return value

    def validate_community(self, community: Community) -> Community:
        if not selectors.may_list_for(self.context["request"].user, community):
            raise serializers.ValidationError("You can only list things for a community your organisation runs.")
        return community

    def _service_fields(self, data: dict[str, Any], kind: str) -> dict[str, Any]:
        allowed = set(FIELDS_BY_KIND[Kind(kind)]) | {"external_id"}
        unknown = {key for key in data if key not in allowed | {"themes", "tag_names", "community", "kind"}}
        if unknown:
            raise ValidationError({key: ["This field does not apply to this kind of listing."] for key in unknown})
        fields = {key: value for key, value in data.items() if key in allowed}
        if "themes" in data:
            fields["themes"] = data["themes"]
        if "tag_names" in data:
            fields["tags"] = data["tag_names"]
        return fields

    def create(self, validated_data: dict[str, Any]) -> Listing:
        kind = validated_data.get("kind", "")
        if kind not in Kind.values:
            raise ValidationError({"kind": ["Choose product, experience or route."]})
        return services.listing_create(
            community=validated_data["community"], kind=kind, by=self.context["request"].user,
            **self._service_fields(validated_data, kind),
        )  # fmt: skip

    def update(self, listing: Listing, validated_data: dict[str, Any]) -> Listing:
        if "kind" in validated_data and validated_data["kind"] != listing.kind:
            raise ValidationError({"kind": ["The kind of a listing cannot change."]})
        if "community" in validated_data and validated_data["community"] != listing.community:
            raise ValidationError({"community": ["A listing cannot move to another community."]})
        return services.listing_update(
            listing=listing, by=self.context["request"].user, **self._service_fields(validated_data, listing.kind)
        )


_PK_MARK = 987654321987654321


def _related(listing: Listing, name: str) -> Any:
    """The listing's photos, tags or themes: as the list fetched them for the page (`page_<name>`,
    set by selectors.listing_page), else from the related manager (its prefetch, or a query)."""
    page: list[Any] | None = getattr(listing, f"page_{name}", None)
    return page if page is not None else getattr(listing, name).all()


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


@cache
def _read_formats() -> tuple[Callable[[Any], Any], ...]:
    """The to_representation of the price, wholesale price and the two dates, as ModelSerializer
    builds their fields (once, on a throw-away serializer)."""
    fields = ListingSerializer().fields
    return tuple(fields[name].to_representation for name in ("price", "wholesale_price", "published_at", "updated_at"))


# The filters' parameters come from ListingFilterSet; these two are not filters.
LIST_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search text (Thai or English); best match first"),
    OpenApiParameter("mine", OpenApiTypes.BOOL, description="Your own listings in every status (signed in)"),
]


class IsEditorOrReadOnly(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)


@extend_schema_view(list=extend_schema(parameters=LIST_PARAMETERS))
class ListingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Listing],
):
    """Published listings; sellers create and update their own organisation's listings (token or session)."""

    serializer_class = ListingSerializer
    permission_classes = [IsEditorOrReadOnly]
    queryset = Listing.objects.none()  # for the schema's types; get_queryset decides what each person sees
    filter_backends = [FilterBackend]
    filterset_class = ListingFilterSet

    def get_queryset(self) -> QuerySet[Listing]:
        user = self.request.user
        if self.action in ("update", "partial_update"):
            # IsEditorOrReadOnly lets only signed-in people write; someone else's listing is a 404.
            return selectors.listings_editable_by(signed_in_user(self.request)).for_cards()
        params = self.request.query_params
        listings: QuerySet[Listing]
        if params.get("mine") in ("1", "true") and isinstance(user, User):
            listings = selectors.listings_of_seller(user)
        elif self.action == "retrieve":
            listings = selectors.listings_visible_to(user).for_cards()
        else:
            listings = selectors.published_listings()
        return listings

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of listings: the page's keys from the filtered, searched or ordered list, then the
        listings themselves by `selectors.listing_page` (four plain statements: building the ORM's
        select_related and prefetches cost more than running them)."""
        keys = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values_list("pk", flat=True))
        assert keys is not None  # the API always paginates (settings.REST_FRAMEWORK)
        listings = selectors.listing_page(keys)
        return self.get_paginated_response(self.get_serializer(listings, many=True).data)

    def filter_queryset(self, queryset: QuerySet[Listing, Any]) -> QuerySet[Listing, Any]:
        """A list is narrowed by ListingFilterSet (the browse page's filters), then searched or
        ordered newest first; one listing is found whatever the query string says."""
        listings = queryset
        if self.action == "list":
            listings = super().filter_queryset(queryset)
            # The search app stands above the catalog: looked up here, when a query is searched.
            from chumchon.search.selectors import search_listings
            from chumchon.search.text import limit_words

            query = limit_words(self.request.query_params.get("q") or "").text
            if query:
                listings = search_listings(query=query, listings=listings)
            else:
                listings = listings.order_by("-published_at", "-id")
            return listings
        # The serializer shows tags and themes: fetch them once for the page, not per listing.
        return listings.prefetch_related("tags", "themes")


def register(router: BaseRouter) -> None:
    router.register("listings", ListingViewSet, basename="listing")
