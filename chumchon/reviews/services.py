"""Every write of reviews: writing one after a transaction, the seller's reply, reports, and the
officers' moderation. Views and the API come through here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.accounts.models import Membership, User
from chumchon.accounts.services import audit_record
from chumchon.bookings.models import Booking, BookingStatus
from chumchon.core import ratelimit
from chumchon.inquiries.models import Deal, DealStatus
from chumchon.matching.models import Meeting, MeetingStatus, Registration
from chumchon.notifications.models import Event
from chumchon.notifications.notifier import notify
from chumchon.reviews.models import MAX_REPLY, MAX_TEXT, Review, ReviewLanguage, ReviewReport, ReviewStatus

#: Reports of reviews per person: (how many, per how many seconds); settings.RATE_LIMITS["review_report"] may change it.
REPORT_LIMIT = (5, 3600)
TOO_MANY_REPORTS = gettext_lazy("You have reported many reviews in a short time. Please wait a while and try again.")


def _members(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(memberships__organisation_id=organisation_id).distinct()


def _clean_review(*, stars: Any, text: str, language: str) -> tuple[int, str, str]:
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    errors: dict[str, str] = {}
    if not 1 <= stars <= 5:
        errors["stars"] = _("Choose from 1 to 5 stars.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write a few words about your experience.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("A review can be at most %(max)d characters long.") % {"max": MAX_TEXT}
    if language not in ReviewLanguage.values:
        errors["language"] = _("Choose Thai or English.")
    if errors:
        raise ValidationError(errors)
    return stars, text, language


def _save_new(review: Review) -> Review:
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError(_("This has already been reviewed."), code="already_reviewed") from None
    notify(
        event=Event.LISTINGS,
        recipients=_members(review.seller_id),
        actor=review.reviewer,
        detail=f"review_new:{review.pk}",
        excerpt=review.text,
        link=review.get_absolute_url(),
    )
    return review


@transaction.atomic
def review_create(
    *,
    reviewer: User,
    stars: Any,
    text: str,
    language: str = ReviewLanguage.THAI,
    booking: Booking | None = None,
    deal: Deal | None = None,
    meeting: Meeting | None = None,
) -> Review:
    """Review one transaction of one's own, once. The getters in selectors make someone else's
    transaction a 404 before this is reached; this refuses it again (403) whatever the caller."""
    if sum(item is not None for item in (booking, deal, meeting)) != 1:
        raise ValidationError(_("Choose the booking, deal or meeting you review."))
    stars, text, language = _clean_review(stars=stars, text=text, language=language)
    review = Review(reviewer=reviewer, stars=stars, text=text, language=language)
    if booking is not None:
        booking = Booking.objects.select_related("listing").get(pk=booking.pk)
        if booking.buyer_id != reviewer.pk:
            raise PermissionDenied
        if booking.status != BookingStatus.COMPLETED:
            raise ValidationError(_("You can review a booking once it is completed."), code="not_completed")
        if Review.objects.filter(booking=booking).exists():
            raise ValidationError(_("You have already reviewed this booking."), code="already_reviewed")
        review.booking = booking
        review.seller_id = booking.seller_id
        review.community_id = booking.community_id
        review.listing_id = booking.listing_id
    elif deal is not None:
        deal = Deal.objects.get(pk=deal.pk)
        buyer_side = (deal.buyer_organisation_id is None and deal.buyer_id == reviewer.pk) or (
            deal.buyer_organisation_id is not None
            and Membership.objects.filter(user=reviewer, organisation_id=deal.buyer_organisation_id).exists()
        )
        if not buyer_side:
            raise PermissionDenied
        if deal.status != DealStatus.CONFIRMED:
            raise ValidationError(_("You can review a deal once both sides have confirmed it."), code="not_confirmed")
        booking_of_deal = Booking.objects.filter(payments__deal=deal).first()
        if booking_of_deal is not None:
            raise ValidationError(
                _("This deal is the payment of a booking: review the booking instead."), code="review_the_booking"
            )
        if Review.objects.filter(deal=deal).exists():
            raise ValidationError(_("You have already reviewed this deal."), code="already_reviewed")
        review.deal = deal
        review.seller_id = deal.seller_id
        review.community_id = deal.community_id
        listing_id = deal.conversation.listing_id if deal.conversation_id and deal.conversation else None
        review.listing_id = listing_id
    else:
        assert meeting is not None
        meeting = Meeting.objects.select_related("request__a", "request__b").get(pk=meeting.pk)
        mine = set(Registration.objects.of_user(reviewer).approved().values_list("pk", flat=True))
        if meeting.request.a_id in mine:
            other = meeting.request.b
        elif meeting.request.b_id in mine:
            other = meeting.request.a
        else:
            raise PermissionDenied
        if meeting.status != MeetingStatus.HELD:
            raise ValidationError(_("You can review a meeting once it is marked as held."), code="not_held")
        if Review.objects.filter(meeting=meeting, seller_id=other.organisation_id).exists():
            raise ValidationError(_("Your side has already reviewed this meeting."), code="already_reviewed")
        review.meeting = meeting
        review.seller_id = other.organisation_id
        review.community_id = other.community_id
    return _save_new(review)


@transaction.atomic
def review_reply(*, review: Review, by: User, text: str) -> Review:
    """The reviewed organisation's one public reply; its writer is told."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not Membership.objects.filter(user=by, organisation_id=review.seller_id).exists():
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your reply.")})
    if len(text) > MAX_REPLY:
        raise ValidationError({"text": _("A reply can be at most %(max)d characters long.") % {"max": MAX_REPLY}})
    if review.reply:
        raise ValidationError(_("This review already has your reply."), code="already_replied")
    review.reply = text
    review.replied_by = by
    review.replied_at = timezone.now()
    review.save(update_fields=["reply", "replied_by", "replied_at", "updated_at"])
    notify(
        event=Event.LISTINGS,
        recipients=User.objects.filter(pk=review.reviewer_id),
        actor=by,
        detail=f"review_reply:{review.pk}",
        excerpt=text,
        link=review.get_absolute_url(),
    )
    return review


@transaction.atomic
def review_report(*, review: Review, by: User, reason: str) -> ReviewReport:
    """Anyone signed in may tell the officers a review is abusive; a few times an hour at most."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with this review.")})
    if ReviewReport.objects.filter(review=review, reporter=by).exists():
        raise ValidationError(_("You have already reported this review; an officer will look at it."))
    allowed, seconds = {"review_report": REPORT_LIMIT, **getattr(settings, "RATE_LIMITS", {})}["review_report"]
    if not ratelimit.hit(action="review_report", who=by.pk, allowed=allowed, seconds=seconds):
        raise ratelimit.RateLimited(TOO_MANY_REPORTS, retry_after=ratelimit.seconds_left(seconds))
    report = ReviewReport.objects.create(review=review, reporter=by, reason=reason[:500])
    audit_record(actor=by, action="reviews.report", obj=review, summary=reason)
    return report


def _moderate(*, review: Review, by: User, reason: str, status: str, what: str) -> Review:
    if not by.is_staff:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the reporters and the seller are told it.")})
    review = Review.objects.select_for_update().get(pk=review.pk)
    before = {"status": review.status}
    now = timezone.now()
    review.status = status
    review.moderation_reason = reason[:300]
    review.moderated_by = by
    review.moderated_at = now
    review.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at", "updated_at"])
    reporters = list(
        User.objects.filter(review_reports__review=review, review_reports__resolved_at__isnull=True).distinct()
    )
    review.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    audit_record(
        actor=by, action=f"reviews.{what}", obj=review, summary=reason, before=before, after={"status": status}
    )
    people = {person.pk: person for person in [*reporters, *_members(review.seller_id)]}
    if status == ReviewStatus.HIDDEN:
        people.update({person.pk: person for person in User.objects.filter(pk=review.reviewer_id)})
    notify(
        event=Event.LISTINGS,
        recipients=people.values(),
        actor=by,
        detail=f"review_{what}:{review.pk}",
        excerpt=reason,
        link=review.get_absolute_url(),
    )
    return review


@transaction.atomic
def review_hide(*, review: Review, by: User, reason: str) -> Review:
    """An officer hides a review from the public, with the reason; audited; its reporters, the
    seller and the writer are told."""
    return _moderate(review=review, by=by, reason=reason, status=ReviewStatus.HIDDEN, what="hidden")


@transaction.atomic
def review_restore(*, review: Review, by: User, reason: str) -> Review:
    """An officer shows a review again (or keeps a reported one shown), with the reason; audited;
    its reporters and the seller are told."""
    return _moderate(review=review, by=by, reason=reason, status=ReviewStatus.PUBLISHED, what="restored")
