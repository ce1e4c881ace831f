"""Pages of direct contact: the inbox, starting a conversation, the conversation with its quotes
and deals. Thin: the work is in services and selectors. (The notifications and their settings,
listed in the inbox's menu, are the `notifications` app's pages.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts.models import User
from chumchon.catalog.models import Listing
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.resume import stashed_form_data
from chumchon.core.storage import private_file_response
from chumchon.inquiries import drafts, selectors, services
from chumchon.inquiries.forms import (
    DealForm,
    MessageForm,
    QuoteForm,
    QuoteLineFormSet,
    ReasonForm,
    StartForm,
)
from chumchon.inquiries.models import Attachment, AttachmentKind, Conversation, Side
from chumchon.places.models import Community

PER_PAGE = 20
POLL_SECONDS = 10


def _conversation_for(request: AuthenticatedHttpRequest, pk: int) -> tuple[Conversation, str]:
    return selectors.conversation_for(user=request.user, pk=pk)


def _participant_conversation(request: AuthenticatedHttpRequest, pk: int) -> tuple[Conversation, str]:
    return selectors.participant_conversation_for(user=request.user, pk=pk)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# --- Inbox -------------------------------------------------------------------------------------


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.inbox(user), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "quotes_to_answer": selectors.quotes_of(user)
        .open()
        .filter(conversation__in=Conversation.objects.buyer_side_of(user))
        .count(),
        "deals_to_confirm": selectors.deals_of(user).awaiting_confirmation_by(user).count(),
        "section": "inbox",
    }
    return render(request, "inquiries/inbox.html", context)


# --- Starting a conversation -------------------------------------------------------------------


def _start_target(request: HttpRequest) -> tuple[Community, Listing | None]:
    source = request.POST if request.method == "POST" else request.GET
    listing_id, community_slug = source.get("listing", ""), source.get("community", "")
    listing_pk = int(listing_id) if listing_id.isdigit() else None
    return selectors.inquiry_target(listing_pk=listing_pk, community_slug=community_slug)


def _here(community: Community, listing: Listing | None) -> str:
    target = {"listing": listing.pk} if listing else {"community": community.slug}
    return reverse("inquiries:start") + "?" + urlencode(target)


def start(request: HttpRequest) -> HttpResponse:
    """Write to a community about a listing or in general. Visitors may write first: what they
    typed is kept in their session (see `drafts`) while they sign up or sign in, then shown to
    them on `draft_confirm` to send."""
    community, listing = _start_target(request)
    here = _here(community, listing)
    if community.organisation_id is None:
        return render(request, "inquiries/start.html", {"community": community, "listing": listing, "closed": True})
    user = request.user if request.user.is_authenticated else None
    buying_for = selectors.buyer_organisations(user, community) if isinstance(user, User) else []
    listing_pk = listing.pk if listing else None
    if request.method == "POST":
        form = StartForm(request.POST, request.FILES, organisations=buying_for)
        if form.is_valid() and user is None:
            drafts.draft_keep(
                request.session, listing_pk=listing_pk, community_slug=community.slug, values=request.POST
            )
            messages.info(request, _("Sign in or create an account to send your message. We have kept what you wrote."))
            return redirect(reverse("account_login") + "?" + urlencode({"next": reverse("inquiries:draft_confirm")}))
        if form.is_valid() and user is not None:
            data = form.cleaned_data
            organisation = next((org for org in buying_for if org.pk == data.get("act_for")), None)
            try:
                conversation = services.conversation_start(
                    buyer=user,
                    community=community,
                    listing=listing,
                    buyer_organisation=organisation,
                    kind=data["kind"],
                    body=data["body"],
                    quantity=data["quantity"],
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    budget=data["budget"],
                    attachments=data["attachments"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                draft = drafts.draft_of(request.session)
                if draft and draft.is_for(listing_pk=listing_pk, community_slug=community.slug):
                    drafts.draft_drop(request.session)
                messages.success(request, _("Your message is sent. You will be told when the community answers."))
                return redirect(conversation)
    else:
        initial: dict[str, Any] = {"kind": request.GET.get("kind", "question")}
        draft = drafts.draft_of(request.session)
        if draft and draft.is_for(listing_pk=listing_pk, community_slug=community.slug):
            initial.update(draft.fields)
        form = StartForm(initial=initial, organisations=buying_for)
    context = {"community": community, "listing": listing, "form": form, "signed_in": user is not None, "here": here}
    return render(request, "inquiries/start.html", context)


@login_required
def draft_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The message a visitor wrote before signing up, back in the form for her to check and send
    (the form posts to `start`, which sends it as any other)."""
    draft = drafts.draft_of(request.session)
    if draft is None:
        messages.info(request, _("No message is waiting to be sent: it was sent already, or kept for more than a day."))
        return redirect("inquiries:inbox")
    try:
        community, listing = selectors.inquiry_target(listing_pk=draft.listing_pk, community_slug=draft.community_slug)
    except Http404:
        community, listing = None, None
    if community is None or community.organisation_id is None:
        drafts.draft_drop(request.session)
        messages.error(
            request,
            _(
                "Your message cannot be sent: what you wrote about is no longer offered on Chumchon. "
                "Here is your text, to keep or send elsewhere."
            ),
        )
        return render(request, "inquiries/draft_unavailable.html", {"body": draft.fields.get("body", "")})
    initial: dict[str, Any] = {"kind": "question", **draft.fields}
    form = StartForm(initial=initial, organisations=selectors.buyer_organisations(request.user, community))
    context = {
        "community": community,
        "listing": listing,
        "form": form,
        "signed_in": True,
        "confirming": True,
        "here": _here(community, listing),
    }
    return render(request, "inquiries/start.html", context)


# --- A conversation ----------------------------------------------------------------------------


def _conversation_context(request: AuthenticatedHttpRequest, conversation: Conversation, side: str) -> dict[str, Any]:
    thread = list(selectors.messages_of(conversation))
    read_up_to = conversation.read_seq_of(side) if side != selectors.OFFICER else conversation.last_seq
    other = selectors.other_side(side) if side != selectors.OFFICER else None
    user = request.user
    blocked = selectors.blocked_people(user)
    other_authors = {message.author for message in thread if message.side == other and message.author != user}
    return {
        "conversation": conversation,
        "side": side,
        "is_officer": side == selectors.OFFICER,
        "thread": thread,
        "first_unread": next((m.seq for m in thread if m.seq > read_up_to and m.side != side), None),
        "last_seq": conversation.last_seq,
        "form": MessageForm(),
        "other_authors": sorted(other_authors, key=str),
        "blocked": blocked,
        "poll_seconds": POLL_SECONDS,
        "deals": conversation.deals.order_by("-date", "-id"),
        "section": "inbox",
    }


@login_required
def conversation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation, side = _conversation_for(request, pk)
    context = _conversation_context(request, conversation, side)
    typed = stashed_form_data(request, action=reverse("inquiries:reply", kwargs={"pk": pk}))
    if typed is not None:  # after signing in again: the message she had sent, as she typed it
        context["form"] = MessageForm(typed)
    services.conversation_mark_read(conversation=conversation, user=request.user)
    return render(request, "inquiries/conversation.html", context)


@login_required
def conversation_messages(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """New messages after `after`, for htmx polling: appended to the thread without a reload."""
    conversation, side = _conversation_for(request, pk)
    after = request.GET.get("after", "0")
    after_seq = int(after) if after.isdigit() else 0
    new = list(selectors.messages_of(conversation, after=after_seq))
    if not new and getattr(request, "htmx", False):
        return HttpResponse(status=204)  # htmx leaves the page alone and polls again
    services.conversation_mark_read(conversation=conversation, user=request.user)
    context = {
        "conversation": conversation,
        "side": side,
        "thread": new,
        "last_seq": new[-1].seq if new else after_seq,
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "inquiries/includes/thread.html", context)


@login_required
@require_POST
def reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation, _side = _participant_conversation(request, pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.message_post(
                conversation=conversation,
                author=request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect(reverse("inquiries:conversation", kwargs={"pk": pk}) + "#latest")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    return redirect(conversation)


@login_required
def attachment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """An attachment, for the conversation's participants (and officers on reported ones) only."""
    item = get_object_or_404(Attachment.objects.select_related("message"), pk=pk)
    _conversation_for(request, item.message.conversation_id)
    is_image = item.kind == AttachmentKind.IMAGE
    return private_file_response(
        item.file,
        content_type="image/jpeg" if is_image else "application/pdf",
        as_attachment=not is_image,
        filename=item.name,
        cache_control="private, max-age=3600",
        content_security_policy="sandbox; default-src 'none'; img-src 'self'",
    )


# --- Quotes ------------------------------------------------------------------------------------


@login_required
def quote_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation, side = _participant_conversation(request, pk)
    if side != Side.SELLER:
        raise Http404
    default_until = timezone.localdate() + dt.timedelta(days=14)
    form = QuoteForm(request.POST or None, initial={"valid_until": default_until})
    lines = QuoteLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        specs = [spec for spec in (line.spec() for line in lines) if spec is not None]
        try:
            services.quote_send(conversation=conversation, by=request.user, lines=specs, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your quote is sent."))
            return redirect(conversation)
    return render(request, "inquiries/quote_form.html", {"conversation": conversation, "form": form, "lines": lines})


@login_required
@require_POST
def quote_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    quote, side = selectors.quote_for(user=request.user, pk=pk)
    if side != Side.BUYER:
        raise Http404
    try:
        services.quote_accept(quote=quote, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("You accepted the quote. Pay the seller directly; the PromptPay code is below."))
    return redirect(reverse("inquiries:conversation", kwargs={"pk": quote.conversation_id}) + f"#quote-{quote.pk}")


@login_required
@require_POST
def quote_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    quote, side = selectors.quote_for(user=request.user, pk=pk)
    if side != Side.BUYER:
        raise Http404
    try:
        services.quote_decline(quote=quote, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("You declined the quote."))
    return redirect(quote.conversation)


@login_required
def quotes(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.quotes_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "inquiries/quotes.html", {"page": page, "section": "quotes"})


# --- Deals -------------------------------------------------------------------------------------


@login_required
def deal_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation, _side = _participant_conversation(request, pk)
    form = DealForm(
        request.POST or None, initial={"date": timezone.localdate(), "source": "inquiry", "kind": "product_sale"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            deal = services.deal_record(by=request.user, conversation=conversation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The deal is recorded. The other side will be asked to confirm it."))
            return redirect(deal)
    return render(request, "inquiries/deal_form.html", {"conversation": conversation, "form": form})


@login_required
def deals(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.deals_of(user), PER_PAGE).get_page(request.GET.get("page"))
    to_confirm = selectors.deals_of(user).awaiting_confirmation_by(user)
    return render(request, "inquiries/deals.html", {"page": page, "to_confirm": to_confirm, "section": "deals"})


@login_required
def deal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    deal, side = selectors.deal_for(user=request.user, pk=pk)
    context = {
        "deal": deal,
        "side": side,
        "can_answer": deal.status == "pending_confirmation" and side == deal.confirming_side,
        "dispute_form": ReasonForm(),
    }
    return render(request, "inquiries/deal_detail.html", context)


@login_required
@require_POST
def deal_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    deal, side = selectors.deal_for(user=request.user, pk=pk)
    if side != deal.confirming_side:
        raise Http404
    try:
        services.deal_confirm(deal=deal, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Thank you: the deal is confirmed."))
    return redirect(deal)


@login_required
@require_POST
def deal_dispute(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    deal, side = selectors.deal_for(user=request.user, pk=pk)
    if side != deal.confirming_side:
        raise Http404
    form = ReasonForm(request.POST)
    try:
        services.deal_dispute(deal=deal, by=request.user, reason=form.data.get("reason", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("You said this deal is not right. The other side has been told."))
    return redirect(deal)


# --- Abuse and privacy -------------------------------------------------------------------------


@login_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation, _side = _participant_conversation(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.conversation_report(conversation=conversation, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. The officers can now read this conversation and will look into it."))
        return redirect(conversation)
    return render(request, "inquiries/report_form.html", {"conversation": conversation, "form": form})


@login_required
@require_POST
def block(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """Block someone who wrote in this conversation from the other side (and only them)."""
    conversation, side = _participant_conversation(request, pk)
    other = selectors.other_side(side)
    if not conversation.messages.filter(author_id=person_pk, side=other).exists():
        raise Http404
    person = get_object_or_404(User, pk=person_pk)
    if request.POST.get("undo"):
        services.person_unblock(by=request.user, person=person)
        messages.success(request, _("%(name)s can write to you again.") % {"name": person})
    else:
        services.person_block(by=request.user, person=person)
        messages.success(request, _("%(name)s can no longer write to you.") % {"name": person})
    return redirect(conversation)


@login_required
def reported(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise Http404
    page = Paginator(selectors.reported_conversations(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "inquiries/reported.html", {"page": page, "section": "reported"})
