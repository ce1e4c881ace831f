"""Forms of the officers' import page."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chumchon.catalog.imports.services import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS
from chumchon.catalog.models import ImportKind


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
