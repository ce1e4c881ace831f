"""REST API for provinces, districts and communities."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from chumchon.core.filters import FilterBackend
from chumchon.places import selectors
from chumchon.places.filters import CommunityFilterSet, DistrictFilterSet
from chumchon.places.models import Area, Community, District, Province


class ProvinceSerializer(serializers.ModelSerializer[Province]):
    class Meta:
        model = Province
        fields = ["code", "name_th", "name_en", "slug"]


class DistrictSerializer(serializers.ModelSerializer[District]):
    province = serializers.CharField(source="province.code", read_only=True)

    class Meta:
        model = District
        fields = ["code", "name_th", "name_en", "slug", "province"]


class PlaceNameSerializer(serializers.Serializer[object]):
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()


class CommunitySerializer(serializers.ModelSerializer[Community]):
    province = PlaceNameSerializer(read_only=True)
    district = PlaceNameSerializer(read_only=True)
    subdistrict = PlaceNameSerializer(read_only=True, allow_null=True)
    area: serializers.SlugRelatedField[Area] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Community
        fields = [
            "id", "slug", "external_id", "name_th", "name_en", "province", "district", "subdistrict", "area",
            "latitude", "longitude", "story_th", "story_en", "phone", "line_id", "email", "website",
            "households", "is_sample", "url",
        ]  # fmt: skip

    def get_url(self, community: Community) -> str:
        request = self.context.get("request")
        path = community.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet[Province]):
    """Thailand's 77 provinces."""

    queryset = Province.objects.order_by("code")
    serializer_class = ProvinceSerializer
    lookup_field = "code"


class DistrictViewSet(viewsets.ReadOnlyModelViewSet[District]):
    """Districts (อำเภอ), filtered by province."""

    serializer_class = DistrictSerializer
    lookup_field = "code"
    queryset = District.objects.select_related("province").order_by("code")
    filter_backends = [FilterBackend]
    filterset_class = DistrictFilterSet


class CommunityViewSet(viewsets.ReadOnlyModelViewSet[Community]):
    """Published tourism communities with their places and public contact channels."""

    serializer_class = CommunitySerializer
    filter_backends = [FilterBackend]
    filterset_class = CommunityFilterSet

    def get_queryset(self) -> QuerySet[Community]:
        return selectors.communities_visible_to().order_by("name_th", "id")


def register(router: BaseRouter) -> None:
    router.register("provinces", ProvinceViewSet, basename="province")
    router.register("districts", DistrictViewSet, basename="district")
    router.register("communities", CommunityViewSet, basename="community")
