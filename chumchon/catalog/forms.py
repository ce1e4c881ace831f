from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.catalog.models import Category, Kind, Listing, Theme
from chumchon.core.images import MAX_UPLOAD_BYTES
from chumchon.places.models import Community

COMMON_FIELDS = ["title_th", "title_en", "description_th", "description_en", "category", "price", "price_unit"]
FIELDS_BY_KIND = {
    Kind.PRODUCT: [
        *COMMON_FIELDS,
        "wholesale_price",
        "min_order_qty",
        "lead_time_days",
        "stock",
        "materials",
        "size",
        "weight_grams",
    ],
    Kind.EXPERIENCE: [*COMMON_FIELDS, "duration_minutes", "capacity", "languages", "accessibility_notes"],
    Kind.ROUTE: [*COMMON_FIELDS, "duration_minutes", "capacity", "languages", "accessibility_notes"],
}


class CategoryChoiceField(forms.ModelChoiceField[Category]):
    def label_from_instance(self, obj: Category) -> str:
        return f"— {obj.name}" if obj.parent_id else obj.name


def _check_money(value: Decimal | None) -> Decimal | None:
    if value is not None and value < 0:
        raise ValidationError(_("A price cannot be negative."))
    return value


class ListingStartForm(forms.Form):
    """The first step: what kind of listing, for which community."""

    kind = forms.ChoiceField(label=_("What do you want to list?"), choices=Kind.choices, widget=forms.RadioSelect)
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none(), empty_label=None)

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]


class ListingForm(forms.ModelForm):
    """The fields of one kind of listing; themes and tags are handled beside the model fields."""

    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("parent__position", "position"), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400, help_text=_("Separate with commas, e.g. ผ้าทอมือ, natural dye")
    )

    class Meta:
        model = Listing
        fields = sorted({field for fields in FIELDS_BY_KIND.values() for field in fields})
        widgets = {
            "description_th": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "price": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
            "wholesale_price": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
        }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = set(FIELDS_BY_KIND[Kind(kind)]) | {"themes", "tags"}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        order = [*FIELDS_BY_KIND[Kind(kind)], "themes", "tags"]
        self.order_fields(order)
        if self.instance.pk:
            self.fields["themes"].initial = list(self.instance.themes.all())
            self.fields["tags"].initial = ", ".join(self.instance.tags.values_list("name", flat=True))

    def clean_price(self) -> Decimal | None:
        return _check_money(self.cleaned_data.get("price"))

    def clean_wholesale_price(self) -> Decimal | None:
        return _check_money(self.cleaned_data.get("wholesale_price"))

    def clean_tags(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].replace("،", ",").split(",") if name.strip()]

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments for listing_create / listing_update."""
        data = dict(self.cleaned_data)
        return {"themes": data.pop("themes"), "tags": data.pop("tags"), **data}


class PhotoForm(forms.Form):
    photo = forms.ImageField(
        label=_("Add a photo"),
        help_text=_("From your camera or gallery: JPEG, PNG, WebP or HEIC, up to 15 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    alt_th = forms.CharField(
        label=_("What the photo shows (for people who cannot see it)"), max_length=200, required=False
    )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data["photo"]
        if photo.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Photos can be at most 15 MB."))
        return photo


DATETIME_LOCAL = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> reads and sends


class SessionForm(forms.Form):
    """A new dated session; a date in the past is refused here (imports and tests may record old ones)."""

    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    seats_total = forms.IntegerField(label=_("Seats"), min_value=1, max_value=10000)

    def clean_starts_at(self) -> Any:
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise ValidationError(_("This date has passed: choose a date to come."))
        return starts_at


class StopForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.published(), required=False)
    listing = forms.ModelChoiceField(
        label=_("Or one of the listings"), queryset=Listing.objects.published(), required=False
    )
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=30, initial=1)
    time_note_th = forms.CharField(label=_("Time (Thai)"), max_length=120, required=False)
    time_note_en = forms.CharField(label=_("Time (English)"), max_length=120, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("community") and not data.get("listing"):
            raise ValidationError(_("Choose a community or a listing for this stop."))
        return data


StopFormSet = forms.formset_factory(StopForm, extra=2, max_num=20, validate_max=True)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why? The seller will see this."), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class SeatsForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000, initial=1)
