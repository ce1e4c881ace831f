"""REST API for provinces, districts and communities."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.routers import BaseRouter

from chumchon.places import selectors
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


def _province_param(request_value: str | None) -> Province | None:
    if not request_value:
        return None
    province = selectors.province_lookup(request_value)
    if province is None:
        raise ValidationError({"province": [_("No province is called “%(value)s”.") % {"value": request_value}]})
    return province


PROVINCE_PARAM = OpenApiParameter(
    "province", OpenApiTypes.STR, description="Province code, Thai or English name (e.g. 64, สุโขทัย, Sukhothai)"
)


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet[Province]):
    """Thailand's 77 provinces."""

    queryset = Province.objects.order_by("code")
    serializer_class = ProvinceSerializer
    lookup_field = "code"


@extend_schema_view(list=extend_schema(parameters=[PROVINCE_PARAM]))
class DistrictViewSet(viewsets.ReadOnlyModelViewSet[District]):
    """Districts (อำเภอ), filtered by province."""

    serializer_class = DistrictSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[District]:
        districts = District.objects.select_related("province").order_by("code")
        if self.action == "list":
            province = _province_param(self.request.query_params.get("province"))
            if province is not None:
                districts = districts.filter(province=province)
        return districts


@extend_schema_view(
    list=extend_schema(
        parameters=[
            PROVINCE_PARAM,
            OpenApiParameter("district", OpenApiTypes.STR, description="District code, Thai or English name"),
            OpenApiParameter("area", OpenApiTypes.STR, description="Area slug"),
        ]
    )
)
class CommunityViewSet(viewsets.ReadOnlyModelViewSet[Community]):
    """Published tourism communities with their places and public contact channels."""

    serializer_class = CommunitySerializer

    def get_queryset(self) -> QuerySet[Community]:
        communities = selectors.communities_visible_to().order_by("name_th", "id")
        if self.action != "list":
            return communities
        params = self.request.query_params
        province = _province_param(params.get("province"))
        if province is not None:
            communities = communities.in_province(province)
        if params.get("district"):
            district = selectors.district_lookup(params["district"], province=province)
            if district is None:
                raise ValidationError(
                    {"district": [_("No district is called “%(value)s”.") % {"value": params["district"]}]}
                )
            communities = communities.in_district(district)
        if params.get("area"):
            if not Area.objects.filter(slug=params["area"]).exists():
                raise ValidationError({"area": [_("No area has the slug “%(value)s”.") % {"value": params["area"]}]})
            communities = communities.filter(area__slug=params["area"])
        return communities


def register(router: BaseRouter) -> None:
    router.register("provinces", ProvinceViewSet, basename="province")
    router.register("districts", DistrictViewSet, basename="district")
    router.register("communities", CommunityViewSet, basename="community")
