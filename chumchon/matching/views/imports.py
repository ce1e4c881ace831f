"""The organiser's import of participants (`chumchon.matching.imports`) and the invitation link."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.matching import imports
from chumchon.matching.models import Event, ParticipantImport, RegistrationStatus


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file saved as UTF-8 (.csv); at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("The registrations"),
        choices=[
            (RegistrationStatus.PENDING, gettext_lazy("wait for approval")),
            (RegistrationStatus.APPROVED, gettext_lazy("are approved at once")),
        ],
        initial=RegistrationStatus.PENDING,
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > imports.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the page takes files of up to %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(imports.MAX_UPLOAD_BYTES)}
            )
        if PurePath(upload.name or "").suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(
                _("Choose an .xlsx or .csv file (an old .xls workbook: save it as .xlsx first).")
            )
        return upload


class ParticipantImportConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Import the rows without problems and skip the others"), required=False
    )


@officer_required
def participant_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.participant_import_create(
                event=event, by=request.user, upload=form.cleaned_data["file"], status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(job)
    return render(
        request,
        "matching/officer/import.html",
        {
            "event": event,
            "form": form,
            "jobs": ParticipantImport.objects.filter(event=event)[:10],
            "columns": imports.example_rows(),
        },
        status=400 if form.errors else 200,
    )


@officer_required
def import_job(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    job = get_object_or_404(ParticipantImport.objects.select_related("event"), event__slug=slug, pk=pk)
    job = imports.participant_import_fail_if_stalled(job=job)
    return render(
        request,
        "matching/officer/import_job.html",
        {
            "event": job.event,
            "job": job,
            "progress": imports.participant_import_progress(job),
            "form": ParticipantImportConfirmForm(),
        },
    )


@officer_required
@require_POST
def import_job_run(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    job = get_object_or_404(ParticipantImport, event__slug=slug, pk=pk)
    form = ParticipantImportConfirmForm(request.POST)
    form.is_valid()
    try:
        imports.participant_import_start(
            job=job, by=request.user, skip_invalid=form.cleaned_data.get("skip_invalid", False)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(job)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: signs the person in once, then asks for a password."""
    person = imports.invitation_user(token)
    if person is None:
        messages.error(
            request,
            _("This invitation link has expired or was already used. Sign in, or ask for a new password."),
        )
        return redirect(settings.LOGIN_URL)
    from allauth.account.models import EmailAddress

    # The e-mail reached them: their address is verified.
    EmailAddress.objects.update_or_create(user=person, email=person.email, defaults={"verified": True, "primary": True})
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome! Choose a password, then complete your organisation's profile."))
    return redirect(reverse("account_set_password"))
