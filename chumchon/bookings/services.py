"""Every write of bookings: booking a session, answering, paying by slip (in full, or a deposit
then the balance), confirming, expiring, reminding, and a community's daily visitor limit.

Seats are taken by the catalog's conditional UPDATE (`session_take_seats`) inside the booking's
transaction, then the community's visitors of that day by the same kind of UPDATE on its
`CommunityDay` row, so a refused booking leaves nothing behind and neither a session nor a
community's day is ever overbooked (PostgreSQL re-checks the condition after waiting for the row;
SQLite serialises writers). Each change is told to both sides (the person who made it excepted)
through the notifier.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.bookings import selectors
from chumchon.bookings.models import (
    GOING_AHEAD,
    Booking,
    BookingPayment,
    BookingStatus,
    BookingTerms,
    CommunityDay,
    PaymentPart,
    SlipKind,
)
from chumchon.catalog.models import Kind, Listing, PriceUnit, Session
from chumchon.catalog.services import session_release_seats, session_take_seats
from chumchon.core.money import to_baht
from chumchon.core.thai import format_date
from chumchon.core.uploads import clean_photo_or_pdf
from chumchon.inquiries.models import AttachmentKind, DealKind, DealSource
from chumchon.inquiries.services import deal_record_confirmed
from chumchon.notifications.models import Event
from chumchon.notifications.notifier import notify
from chumchon.places.models import Community

#: What can be booked: an experience's dates and a route's departures.
BOOKABLE_KINDS = (Kind.EXPERIENCE, Kind.ROUTE)

MAX_NOTE = 2000
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a slip


def _new_reference() -> str:
    return "CC" + "".join(secrets.choice(REFERENCE_ALPHABET) for _n in range(8))


def _tell(booking: Booking, what: str, *, by: User | None, excerpt: str = "") -> None:
    """Tell the buyer and the seller's members (not the one who acted) what happened to the booking."""
    notify(
        event=Event.BOOKINGS,
        recipients=selectors.people_of(booking),
        actor=by,
        detail=f"booking_{what}:{booking.pk}",
        excerpt=excerpt,
        link=booking.get_absolute_url(),
    )


def _is_seller(booking: Booking, user: User) -> bool:
    return Membership.objects.filter(user=user, organisation_id=booking.seller_id).exists()


def _lock(booking: Booking, *, by: User, side: str, allowed: tuple[str, ...], refusal: str) -> Booking:
    """The booking, locked for this change, after checking who asks and that its status allows it."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if side == "seller" and not _is_seller(locked, by):
        raise PermissionDenied
    if side == "buyer" and locked.buyer_id != by.pk:
        raise PermissionDenied
    if side == "either" and locked.buyer_id != by.pk and not _is_seller(locked, by):
        raise PermissionDenied
    if locked.status not in allowed:
        raise ValidationError(refusal, code="wrong_status")
    return locked


# --- Terms ----------------------------------------------------------------------------------


@transaction.atomic
def booking_terms_set(
    *,
    listing: Listing,
    by: User,
    mode: str,
    response_hours: int,
    cancellation_policy_th: str = "",
    cancellation_policy_en: str = "",
    deposit_percent: int | None = None,
    deposit_amount: Decimal | None = None,
) -> BookingTerms:
    """The seller chooses instant booking or request-to-book for an experience or a route, how soon
    they answer, and an optional deposit (a percentage or an amount, not both)."""
    if not Listing.objects.editable_by(by).filter(pk=listing.pk).exists():
        raise PermissionDenied
    if listing.kind not in BOOKABLE_KINDS:
        raise ValidationError(_("Only experiences and routes with dates can be booked."))
    if deposit_percent and deposit_amount:
        raise ValidationError(
            {"deposit_amount": _("Ask a deposit as a percentage or as an amount, not both.")}, code="two_deposits"
        )
    terms = BookingTerms.objects.filter(listing=listing).first() or BookingTerms(listing=listing)
    terms.mode = mode
    terms.response_hours = response_hours
    terms.deposit_percent = deposit_percent or None
    terms.deposit_amount = to_baht(deposit_amount) if deposit_amount else None
    terms.cancellation_policy_th = cancellation_policy_th.strip()
    terms.cancellation_policy_en = cancellation_policy_en.strip()
    terms.full_clean()
    terms.save()
    return terms


# --- Booking --------------------------------------------------------------------------------


def _price(listing: Listing, people: int) -> tuple[Decimal, bool, Decimal]:
    """Unit price, whether it is per group, and the amount to pay for `people`."""
    if listing.price is None or listing.price <= 0:
        raise ValidationError(
            {"session": _("This experience has no price yet: ask the community for one before booking.")}
        )
    unit = to_baht(listing.price)
    per_group = listing.price_unit == PriceUnit.GROUP
    return unit, per_group, unit if per_group else to_baht(unit * people)


def _take_visitors(*, community: Community, day: dt.date, people: int) -> None:
    """Count `people` against the community's visitors of `day`, refused past its daily limit.

    The day's row is created once (a unique constraint settles two first bookings of a day), then
    raised by one conditional UPDATE: the row lock it takes makes a second booking of the same
    community and day wait, and re-check the limit, until the first commits or rolls back."""
    row_pk = CommunityDay.objects.filter(community=community, date=day).values_list("pk", flat=True).first()
    if row_pk is None:
        try:
            with transaction.atomic():
                row_pk = CommunityDay.objects.create(community=community, date=day).pk
        except IntegrityError:  # another booking created the day's row meanwhile
            row_pk = CommunityDay.objects.get(community=community, date=day).pk
    limit = Community.objects.values_list("daily_visitor_limit", flat=True).get(pk=community.pk)
    rows = CommunityDay.objects.filter(pk=row_pk)
    if limit is not None:
        rows = rows.filter(visitors__lte=limit - people)
    if not rows.update(visitors=F("visitors") + people):
        booked = CommunityDay.objects.values_list("visitors", flat=True).get(pk=row_pk)
        assert limit is not None
        raise ValidationError(
            _("The community hosts at most %(limit)d visitors a day: only %(left)d more can come on %(date)s.")
            % {"limit": limit, "left": max(limit - booked, 0), "date": format_date(day)},
            code="over_capacity",
        )


def _release_visitors(booking: Booking) -> None:
    if booking.visit_date is not None:
        CommunityDay.objects.filter(
            community_id=booking.community_id, date=booking.visit_date, visitors__gte=booking.people
        ).update(visitors=F("visitors") - booking.people)


@transaction.atomic
def booking_create(*, session: Session, buyer: User, people: int, note: str = "") -> Booking:
    """Book `people` seats of a session (an experience's date or a route's departure): accepted at
    once for instant booking, else a request the seller answers within their response time.
    Refused, with the field named, for a past session, a group of fewer than one, more people than
    seats left, or more than the community's daily visitor limit leaves; nothing is taken then."""
    listing = Listing.objects.select_related("community__organisation").get(pk=session.listing_id)
    community = listing.community
    if listing.kind not in BOOKABLE_KINDS or not (listing.is_published and community.is_published):
        raise ValidationError({"session": _("This experience cannot be booked.")})
    if community.organisation is None:
        raise ValidationError({"session": _("This community does not take bookings on Chumchon yet: contact it.")})
    if Membership.objects.filter(user=buyer, organisation=community.organisation).exists():
        raise ValidationError({"session": _("You sell this experience: you cannot book it yourself.")})
    now = timezone.now()
    if session.starts_at <= now:
        raise ValidationError({"session": _("This date has passed: choose a later one.")}, code="past")
    if people < 1:
        raise ValidationError({"people": _("Book for at least one person.")}, code="min_value")
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Write at most %(max)s characters.") % {"max": MAX_NOTE}})
    unit, per_group, amount = _price(listing, people)
    try:
        session_take_seats(session=session, seats=people)
    except ValidationError as exc:
        raise ValidationError(
            {"people": ValidationError(" ".join(exc.messages), code="sold_out")}, code="sold_out"
        ) from None
    visit_date = timezone.localdate(session.starts_at)
    try:
        _take_visitors(community=community, day=visit_date, people=people)
    except ValidationError as exc:
        # The seats taken above are given back by the rollback of this transaction.
        raise ValidationError({"people": exc}, code="over_capacity") from None
    terms = selectors.terms_for(listing)
    booking = Booking(
        session=session,
        listing=listing,
        community=community,
        seller=community.organisation,
        buyer=buyer,
        people=people,
        unit_price=unit,
        per_group=per_group,
        amount=amount,
        deposit=terms.deposit_for(amount),
        visit_date=visit_date,
        note=note.strip(),
    )
    if terms.is_instant:
        booking.status = BookingStatus.ACCEPTED
        booking.answered_at = now
    else:
        booking.status = BookingStatus.REQUESTED
        # Never later than the session itself.
        booking.expires_at = min(now + dt.timedelta(hours=terms.response_hours), session.starts_at)
    for _attempt in range(5):
        booking.reference = _new_reference()
        try:
            with transaction.atomic():
                booking.save()
            break
        except IntegrityError:  # the reference was taken (about one chance in 10^12)
            booking.pk = None
    else:
        raise RuntimeError("could not find a free booking reference")
    _tell(booking, "accepted" if terms.is_instant else "requested", by=buyer, excerpt=booking.note)
    return booking


def _release(booking: Booking) -> None:
    session = Session.objects.get(pk=booking.session_id)
    session_release_seats(session=session, seats=booking.people)
    _release_visitors(booking)


@transaction.atomic
def booking_accept(*, booking: Booking, by: User) -> Booking:
    """The seller accepts a request: the buyer may now pay."""
    booking = _lock(
        booking,
        by=by,
        side="seller",
        allowed=(BookingStatus.REQUESTED,),
        refusal=_("This booking is no longer waiting for an answer."),
    )
    booking.status = BookingStatus.ACCEPTED
    booking.answered_at = timezone.now()
    booking.expires_at = None
    booking.save(update_fields=["status", "answered_at", "expires_at", "updated_at"])
    _tell(booking, "accepted", by=by)
    return booking


@transaction.atomic
def booking_decline(*, booking: Booking, by: User, reason: str = "") -> Booking:
    """The seller declines a request; its seats are free again."""
    booking = _lock(
        booking,
        by=by,
        side="seller",
        allowed=(BookingStatus.REQUESTED,),
        refusal=_("This booking is no longer waiting for an answer."),
    )
    booking.status = BookingStatus.DECLINED
    booking.reason = reason.strip()[:300]
    booking.answered_at = timezone.now()
    booking.expires_at = None
    booking.save(update_fields=["status", "reason", "answered_at", "expires_at", "updated_at"])
    _release(booking)
    _tell(booking, "declined", by=by, excerpt=booking.reason)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User, reason: str = "") -> Booking:
    """Either side cancels before payment is confirmed; the seats are free again. A paid booking is
    settled between the two sides (Chumchon holds no money to refund)."""
    booking = _lock(
        booking,
        by=by,
        side="either",
        allowed=(BookingStatus.REQUESTED, BookingStatus.ACCEPTED),
        refusal=_("Only a booking not yet paid can be cancelled here: contact the other side."),
    )
    booking.status = BookingStatus.CANCELLED
    booking.reason = reason.strip()[:300]
    booking.cancelled_by = by
    booking.expires_at = None
    booking.save(update_fields=["status", "reason", "cancelled_by", "expires_at", "updated_at"])
    _release(booking)
    _tell(booking, "cancelled", by=by, excerpt=booking.reason)
    return booking


def _payment_due(booking: Booking) -> BookingPayment:
    """The payment the booking waits for (its deposit, its balance, or the whole amount), created
    the first time it is needed."""
    part = selectors.part_due(booking)
    if part is None:
        raise ValidationError(_("This booking is not waiting for a payment."), code="wrong_status")
    payment, _created = BookingPayment.objects.get_or_create(
        booking=booking, part=part, defaults={"amount": selectors.part_amount(booking, part)}
    )
    return payment


@transaction.atomic
def booking_upload_slip(*, booking: Booking, by: User, upload: IO[bytes], name: str) -> BookingPayment:
    """The buyer sends the transfer slip of the payment due (the deposit, then the balance, or the
    whole amount): a photo or a PDF, checked by its content; a new slip replaces the previous one."""
    booking = _lock(
        booking,
        by=by,
        side="buyer",
        allowed=(BookingStatus.ACCEPTED, BookingStatus.DEPOSIT_PAID),
        refusal=_("A slip can be sent once the community has accepted the booking, and until it confirms payment."),
    )
    try:
        clean = clean_photo_or_pdf(upload, name=name)
    except ValidationError as exc:
        raise ValidationError({"slip": exc.messages}) from None
    payment = _payment_due(booking)
    old = payment.slip.name if payment.slip else ""
    payment.slip.save(f"{payment.reference}-{clean.content.name}", clean.content, save=False)
    payment.slip_kind = SlipKind.IMAGE if clean.kind == AttachmentKind.IMAGE else SlipKind.PDF
    payment.slip_uploaded_at = timezone.now()
    payment.save(update_fields=["slip", "slip_kind", "slip_uploaded_at"])
    if old:
        transaction.on_commit(lambda: payment.slip.storage.delete(old), robust=True)
    _tell(booking, "slip", by=by)
    return payment


@transaction.atomic
def booking_confirm_payment(*, booking: Booking, by: User) -> Booking:
    """The seller confirms the payment due arrived (the deposit, the balance, or the whole amount).
    Each confirmed payment records a confirmed deal of its own amount, with the source *booking*:
    the one record the impact figures count, once (a confirmed part cannot be confirmed again).
    The booking is paid when its last part is confirmed."""
    booking = _lock(
        booking,
        by=by,
        side="seller",
        allowed=(BookingStatus.ACCEPTED, BookingStatus.DEPOSIT_PAID),
        refusal=_("Only an accepted booking waiting for payment can be marked as paid."),
    )
    payment = _payment_due(booking)
    now = timezone.now()
    payment.deal = deal_record_confirmed(
        buyer=booking.buyer,
        seller=booking.seller,
        community=booking.community,
        confirmed_by=by,
        value=payment.amount,
        date=timezone.localdate(now),
        kind=DealKind.BOOKING,
        source=DealSource.BOOKING,
        description=f"{payment.reference} · {booking.listing.title_th} · {booking.people}",
    )
    payment.confirmed_by = by
    payment.confirmed_at = now
    payment.save(update_fields=["deal", "confirmed_by", "confirmed_at"])
    if payment.part == PaymentPart.DEPOSIT:
        booking.status = BookingStatus.DEPOSIT_PAID
        booking.save(update_fields=["status", "updated_at"])
        _tell(booking, "deposit_paid", by=by)
        return booking
    booking.status = BookingStatus.PAID
    booking.paid_at = now
    booking.payment_confirmed_by = by
    booking.save(update_fields=["status", "paid_at", "payment_confirmed_by", "updated_at"])
    _tell(booking, "paid", by=by)
    return booking


def _after_start(booking: Booking) -> None:
    if Session.objects.filter(pk=booking.session_id, starts_at__gt=timezone.now()).exists():
        raise ValidationError(_("This can be recorded once the session has started."), code="too_early")


@transaction.atomic
def booking_complete(*, booking: Booking, by: User) -> Booking:
    """The seller records that the paid booking took place."""
    booking = _lock(
        booking,
        by=by,
        side="seller",
        allowed=(BookingStatus.PAID,),
        refusal=_("Only a paid booking can be completed."),
    )
    _after_start(booking)
    booking.status = BookingStatus.COMPLETED
    booking.save(update_fields=["status", "updated_at"])
    _tell(booking, "completed", by=by)
    return booking


@transaction.atomic
def booking_mark_no_show(*, booking: Booking, by: User) -> Booking:
    """The seller records that nobody came; the seats stay taken (the session has happened)."""
    booking = _lock(
        booking,
        by=by,
        side="seller",
        allowed=GOING_AHEAD,
        refusal=_("Only an accepted or paid booking can be marked as not come."),
    )
    _after_start(booking)
    booking.status = BookingStatus.NO_SHOW
    booking.save(update_fields=["status", "updated_at"])
    _tell(booking, "no_show", by=by)
    return booking


def booking_expire_unanswered(*, now: dt.datetime | None = None) -> int:
    """Requests the seller left unanswered past their response time expire and free their seats
    (run every minute by `run_periodic`). Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    due = list(Booking.objects.filter(status=BookingStatus.REQUESTED, expires_at__lte=now).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            booking = Booking.objects.select_for_update().get(pk=pk)
            if booking.status != BookingStatus.REQUESTED:  # answered meanwhile
                continue
            booking.status = BookingStatus.EXPIRED
            booking.expires_at = None
            booking.save(update_fields=["status", "expires_at", "updated_at"])
            _release(booking)
            _tell(booking, "expired", by=None)
            expired += 1
    return expired


def booking_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind both sides of each booking going ahead whose date is tomorrow (or sooner, for one made
    after yesterday's run): run each morning by `run_periodic`. Sent once: the booking's
    `reminded_at` is claimed by a conditional UPDATE in the same transaction as the notification.
    Returns how many bookings were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    until = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=2), dt.time.min))
    due = Booking.objects.filter(
        status__in=GOING_AHEAD, reminded_at__isnull=True, session__starts_at__gt=now, session__starts_at__lt=until
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            if not Booking.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run reminded it meanwhile
            _tell(Booking.objects.get(pk=pk), "reminder", by=None)
            sent += 1
    return sent


@transaction.atomic
def community_capacity_set(*, community: Community, by: User, limit: int | None) -> Community:
    """A community's seller sets the most visitors it hosts a day (None: no limit). Bookings already
    made stay; new ones stop at the limit."""
    sells = community.organisation_id is not None and (
        Membership.objects.filter(user=by, organisation_id=community.organisation_id).exists()
    )
    if not (by.is_staff or sells):
        raise PermissionDenied
    if limit is not None and not 1 <= limit <= 100_000:
        raise ValidationError({"daily_visitor_limit": _("Give a number from 1 to 100,000, or leave it empty.")})
    Community.objects.filter(pk=community.pk).update(daily_visitor_limit=limit, updated_at=timezone.now())
    community.daily_visitor_limit = limit
    return community
