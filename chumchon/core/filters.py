"""Filters shared by every list page and its API endpoint (django-filter).

Each list has one `FilterSet` (in its app's `filters.py`) that the HTML page binds to `request.GET`
and the API viewset uses through `DjangoFilterBackend` (`filterset_class`), so both accept the same
parameters, give the same items and refuse the same values; drf-spectacular writes the OpenAPI
parameters from it. A value that names nothing is an error that names the value ("No province is
called “Sukhotai”."): the page shows it next to the field (status 400), the API answers 400 with
the project's error body (`core/api_errors.py`).

- `LookupFilter`: an object named by text through a lookup function; the shared place filters
  built on it (`ProvinceFilter`, `DistrictFilter`) are in `places/filters.py`, the category filter
  (with its sub-categories) in `catalog/filters.py`.
- `SlugFilter`: any other object by slug (or another unique text field).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LookupField(forms.CharField):
    """Text naming one object; an unknown name is an error that repeats it. `resolve` may use the
    form's other cleaned values (a district is looked up within the chosen province)."""

    def __init__(self, *, lookup: Callable[..., Any], message: StrOrPromise, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.lookup = lookup
        self.message = message

    def resolve(self, value: str, cleaned_data: dict[str, Any]) -> Any:
        found = self.lookup(value)
        if found is None:
            raise ValidationError(self.message, code="invalid", params={"value": value})
        return found


class FilterForm(forms.Form):
    """The form of every FilterSet: each `LookupField`'s text becomes its object once the other
    fields are clean, or an error on that field."""

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        for name, field in self.fields.items():
            value = cleaned_data.get(name)
            if isinstance(field, LookupField) and value:
                try:
                    cleaned_data[name] = field.resolve(value, cleaned_data)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data


class Described:
    """A filter with `description=`: the API's description of its parameter (in English, as the
    rest of the schema; the form's label is for the pages). `schema_type` is its OpenAPI type."""

    schema_type = "string"

    def __init__(self, *args: Any, description: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if description:
            # What extend_schema_field does to a class, for this one filter.
            set_override(self, "field", {"type": self.schema_type, "description": description})


@extend_schema_field(OpenApiTypes.STR)
class LookupFilter(Described, django_filters.Filter):
    """Filters `field_name` by the object the text names (`lookup`); unknown text is an error."""

    field_class = LookupField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        qs = qs.filter(**{self.field_name: value})
        return qs.distinct() if self.distinct else qs


class SlugFilter(LookupFilter):
    """An object of `queryset` by its slug (or by any of `to_fields`)."""

    def __init__(
        self,
        *args: Any,
        queryset: QuerySet[Any],
        to_fields: tuple[str, ...] = ("slug",),
        message: StrOrPromise,
        **kwargs: Any,
    ) -> None:
        def lookup(value: str) -> Model | None:
            condition = Q()
            for name in to_fields:
                condition |= Q(**{name: value})
            return queryset.filter(condition).first()

        kwargs.update(lookup=lookup, message=message)
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters: the form resolves names to objects and says which value
    is unknown; `raise_if_invalid` turns the form's errors into one `ValidationError`."""

    class Meta:
        form = FilterForm

    @property
    def error_messages(self) -> dict[str, str]:
        """The first message of each invalid parameter, in the form's order (what the pages list
        above the results)."""
        return {name: messages[0] for name, messages in self._ordered_errors().items()}

    def _ordered_errors(self) -> dict[str, list[str]]:
        errors = self.errors
        return {name: [str(m) for m in errors[name]] for name in [*self.form.fields, "__all__"] if name in errors}

    def raise_if_invalid(self) -> None:
        """The form's errors as one `ValidationError` (the API answers it as a 400 with the
        project's error body; every message's code is "invalid", as before django-filter)."""
        if not self.is_valid():
            raise ValidationError(self._ordered_errors())


class FilterBackend(DjangoFilterBackend):
    """`DjangoFilterBackend` that narrows lists only (one object is found whatever the query string
    says, as before) and whose refusal is `FilterSet.raise_if_invalid`'s."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        if getattr(view, "action", "list") != "list" or not self._names_a_filter(request, view):
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if isinstance(filterset, FilterSet):
            filterset.raise_if_invalid()
        elif not filterset.is_valid():
            return super().filter_queryset(request, queryset, view)  # django-filter's own refusal
        filtered: QuerySet[Any] = filterset.qs
        return filtered

    def _names_a_filter(self, request: Any, view: Any) -> bool:
        """Whether the query string names any of the list's filters (a widget's own suffixes, as a
        range's `_min`, included). Without one nothing is narrowed and nothing can be invalid, so
        the filter set and its form are not built: on a search of the API (`?q=` alone) they were
        a tenth of the request's Python time."""
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is None:
            return True  # django-filter builds one from `filterset_fields`: let it decide
        names = filterset_class.base_filters
        return any(key in names or key.rsplit("_", 1)[0] in names for key in request.query_params)

    def to_html(self, request: Any, queryset: QuerySet[Any], view: Any) -> None:
        # The browsable API shows no filter form: django-filter's template is not installed (its
        # app is not in INSTALLED_APPS), and the parameters are in the OpenAPI schema.
        return None
