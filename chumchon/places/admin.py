from django.contrib import admin

from chumchon.accounts.audit_admin import AuditedModelAdmin
from chumchon.places.models import Area, Community, CreativeCity, District, Province, Subdistrict


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "district"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["district"]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Area)
class AreaAdmin(AuditedModelAdmin):
    list_display = ["name_th", "name_en", "kind"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["provinces"]


@admin.register(CreativeCity)
class CreativeCityAdmin(AuditedModelAdmin):
    list_display = ["name_th", "name_en", "field", "status", "member_since", "target_fiscal_year"]
    list_filter = ["status", "field"]


@admin.register(Community)
class CommunityAdmin(AuditedModelAdmin):
    list_display = ["name_th", "name_en", "district", "province", "is_published", "is_sample"]
    list_filter = ["is_published", "is_sample", "province"]
    search_fields = ["name_th", "name_en", "external_id"]
    list_select_related = ["district", "province"]
    autocomplete_fields = ["subdistrict", "organisation"]
    raw_id_fields = ["district"]
