"""Forms of the officers' import page."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chumchon.catalog.imports.labels import CREATE_CATEGORY
from chumchon.catalog.imports.services import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS
from chumchon.catalog.models import Category, ImportKind


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file hold?"),
        choices=ImportKind.choices,
        initial=ImportKind.LISTINGS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An Excel workbook (.xlsx), a CSV file saved as UTF-8 (.csv) or JSON (.json); at most 20 MB and 50,000 rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.json"}),
    )
    publish = forms.BooleanField(
        label=_("Publish the listings at once, without review"),
        required=False,
        help_text=_("Otherwise new listings are drafts. Listings that are already published stay published."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the page takes files of up to %(max)s (split it, at most %(rows)d rows each).")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(MAX_UPLOAD_BYTES),
                    "rows": MAX_UPLOAD_ROWS,
                }
            )
        if PurePath(upload.name or "").suffix.lower() not in (".xlsx", ".csv", ".json"):
            raise forms.ValidationError(
                _("Choose an .xlsx, .csv or .json file (an old .xls workbook: save it as .xlsx first).")
            )
        return upload


class ImportConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_("Import the rows without problems and skip the others"),
        required=False,
    )


class CategoryChoiceForm(forms.Form):
    """One select per category label that names no category: an existing category, or create it."""

    def __init__(self, *args: Any, unknown: list[dict[str, Any]], can_create: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unknown = unknown
        tree: list[tuple[str, list[tuple[str, str]]]] = []
        for parent in Category.objects.filter(parent=None).prefetch_related("children").order_by("position", "pk"):
            options = [(parent.slug, str(parent))]
            options += [(child.slug, f"– {child}") for child in parent.children.all()]
            tree.append((str(parent), options))
        for index, item in enumerate(unknown):
            choices: list[Any] = [("", _("Choose…"))]
            if can_create:
                choices.append((CREATE_CATEGORY, _("Create the category “%(label)s”") % {"label": item["label"]}))
            choices += tree
            self.fields[f"label_{index}"] = forms.ChoiceField(
                label=item["label"], choices=choices, required=False, initial=item.get("suggestion", "")
            )

    def rows(self) -> list[tuple[forms.BoundField, dict[str, Any]]]:
        return [(self[f"label_{index}"], item) for index, item in enumerate(self.unknown)]

    def choices(self) -> dict[str, str]:
        """{label: slug or CREATE_CATEGORY} for the labels the officer chose something for."""
        return {
            item["label"]: self.cleaned_data.get(f"label_{index}", "")
            for index, item in enumerate(self.unknown)
            if self.cleaned_data.get(f"label_{index}")
        }
