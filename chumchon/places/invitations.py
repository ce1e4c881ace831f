"""Invitations to take over a community: a community import names who runs it by an e-mail that has
no account (or no organisation) yet; that person receives a signed link, signs up or in, and their
organisation becomes the community's runner (docs/importing.md).

The link carries the invitation's id and address, signed (Django's signing, salted) and dated: it
is refused when forged, when older than COMMUNITY_INVITATION_DAYS (14 days) or once accepted. A
second import naming the same address sends nothing again, unless the invitation expired unused.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, Organisation, OrganisationKind, User
from chumchon.accounts.services import audit_record, organisation_create
from chumchon.core.links import site_url
from chumchon.places.models import Community, CommunityInvitation

logger = logging.getLogger(__name__)

SALT = "chumchon.places.community-invitation"


def valid_for() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "COMMUNITY_INVITATION_DAYS", 14)))


class InvitationRefused(Exception):
    """A link that cannot be used: forged, expired or already used (the message says which)."""


def invitation_token(invitation: CommunityInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email.casefold()}, salt=SALT, compress=True)


def invitation_url(invitation: CommunityInvitation) -> str:
    return site_url(reverse("places:invitation", kwargs={"token": invitation_token(invitation)}))


def invitation_from_token(token: str) -> CommunityInvitation:
    """The invitation a link names, or InvitationRefused."""
    try:
        data = signing.loads(token, salt=SALT, max_age=valid_for())
    except signing.SignatureExpired:
        raise InvitationRefused(_("This invitation has expired. Ask the officer to send it again.")) from None
    except signing.BadSignature:
        raise InvitationRefused(_("This invitation link is not valid.")) from None
    pk = data.get("i") if isinstance(data, dict) else None
    invitation = (
        CommunityInvitation.objects.select_related("community", "community__organisation").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if invitation is None or invitation.email.casefold() != data.get("e"):
        raise InvitationRefused(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationRefused(_("This invitation has already been used."))
    return invitation


@transaction.atomic
def community_invite(*, community: Community, email: str, by: User | None, language: str = "") -> bool:
    """Invite the person at `email` to take over `community`, once: True when an e-mail goes out
    (after the transaction commits, by a worker); False when one was already sent or accepted."""
    email = email.strip().lower()
    invitation, created = CommunityInvitation.objects.get_or_create(
        community=community,
        email=email,
        defaults={"invited_by": by, "language": language or translation.get_language() or "th"},
    )
    if not created:
        if invitation.accepted_at is not None or invitation.sent_at is None:
            return False  # taken over, or its e-mail is still waiting for a worker
        if timezone.now() - invitation.sent_at < valid_for():
            return False
        invitation.sent_at = None  # expired unused: a new link
        invitation.invited_by = by
        invitation.save(update_fields=["sent_at", "invited_by"])
    if by is not None:
        audit_record(actor=by, action="community.invite", obj=community, summary=email)
    from chumchon.places.tasks import send_community_invitation

    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_community_invitation.enqueue(invitation_id))
    return True


def invitation_pending(*, community: Community, email: str) -> bool:
    """Whether an invitation of that address for that community would not be sent again."""
    invitation = CommunityInvitation.objects.filter(community=community, email=email.strip().lower()).first()
    if invitation is None:
        return False
    if invitation.accepted_at is not None or invitation.sent_at is None:
        return True
    return timezone.now() - invitation.sent_at < valid_for()


def invitation_send(*, invitation_id: int) -> bool:
    """Send an invitation's e-mail (the task): once, even when the task is delivered twice."""
    claimed = CommunityInvitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    invitation = CommunityInvitation.objects.select_related("community").get(pk=invitation_id)
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        site_name = _("Chumchon")
        community = invitation.community.name
        context = {
            "site_name": site_name,
            "community": community,
            "url": invitation_url(invitation),
            "days": valid_for().days,
            "language": invitation.language,
        }
        subject = _("[Chumchon] You are invited to run %(community)s") % {"community": community}
        body = render_to_string("places/email/invitation.txt", context)
        html = render_to_string("places/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, body, None, [invitation.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("Invitation %s could not be sent", invitation_id)
        CommunityInvitation.objects.filter(pk=invitation_id).update(sent_at=None)  # a retry may send it
        raise
    return True


@transaction.atomic
def invitation_accept(
    *, invitation: CommunityInvitation, by: User, organisation: Organisation | None = None, new_name: str = ""
) -> Community:
    """The invited person takes the community over: their organisation (or a new community
    enterprise named `new_name`, of which they are the owner) runs it from now on."""
    locked = CommunityInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if organisation is None:
        if not new_name.strip():
            raise ValidationError(_("Name your organisation, or choose one of yours."))
        organisation = organisation_create(by=by, name=new_name, kind=OrganisationKind.COMMUNITY_ENTERPRISE)
    elif not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise PermissionDenied
    community = Community.objects.select_for_update().get(pk=locked.community_id)
    before = str(community.organisation_id or "")
    community.organisation = organisation
    community.save(update_fields=["organisation", "updated_at"])
    locked.accepted_at = timezone.now()
    locked.accepted_by = by
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=by,
        action="community.invitation_accept",
        obj=community,
        summary=organisation.name,
        before={"organisation": before},
        after={"organisation": str(organisation.pk)},
    )
    return community
