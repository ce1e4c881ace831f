"""Every write about communities and areas."""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, MembershipRole, Organisation, User
from chumchon.accounts.services import audit_record
from chumchon.core.images import clean_uploaded_image
from chumchon.notifications.models import Event
from chumchon.notifications.notifier import notify
from chumchon.places.models import ClaimKind, ClaimStatus, Community, CommunityClaim, Subdistrict

COMMUNITY_FIELDS = {
    "name_th", "name_en", "external_id", "province", "district", "subdistrict", "area", "organisation",
    "latitude", "longitude", "story_th", "story_en", "phone", "line_id", "email", "website",
    "households", "daily_visitor_limit", "photo", "is_published", "is_sample",
}  # fmt: skip


def _community_slug(community: Community) -> str:
    base = slugify(community.name_en)[:60] or f"community-{community.district.code}"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exclude(pk=community.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_places(community: Community) -> None:
    if community.district.province_id != community.province_id:
        raise ValidationError(
            {
                "district": _("%(district)s is not in %(province)s.")
                % {"district": community.district, "province": community.province}
            }
        )
    if community.subdistrict is not None and community.subdistrict.district_id != community.district_id:
        raise ValidationError(
            {
                "subdistrict": _("%(subdistrict)s is not in %(district)s.")
                % {"subdistrict": community.subdistrict, "district": community.district}
            }
        )


@transaction.atomic
def community_create(*, by: User | None, **fields: Any) -> Community:
    unknown = set(fields) - COMMUNITY_FIELDS
    if unknown:
        raise ValueError(f"unknown community fields: {sorted(unknown)}")
    if "district" in fields and "province" not in fields:
        fields["province"] = fields["district"].province
    community = Community(**fields)
    _check_places(community)
    community.slug = _community_slug(community)
    community.full_clean()
    community.save()
    if by is not None and by.is_staff:
        audit_record(actor=by, action="community.create", obj=community, summary=community.name_th)
    return community


@transaction.atomic
def community_update(*, community: Community, by: User | None, **changes: Any) -> Community:
    unknown = set(changes) - COMMUNITY_FIELDS
    if unknown:
        raise ValueError(f"unknown community fields: {sorted(unknown)}")
    before = {key: str(getattr(community, key)) for key in changes}
    for key, value in changes.items():
        setattr(community, key, value)
    if "district" in changes and "province" not in changes:
        community.province = community.district.province
    _check_places(community)
    community.full_clean()
    community.save()
    if by is not None and by.is_staff:
        audit_record(
            actor=by,
            action="community.update",
            obj=community,
            before=before,
            after={k: str(v) for k, v in changes.items()},
        )
    return community


# --- Claims and proposals ---------------------------------------------------------------------
# A seller's organisation asks to run a community: one that exists (a claim) or a new one (a
# proposal). Officers decide; every decision is audited and told to the seller.


@transaction.atomic
def community_claim_create(
    *,
    by: User,
    organisation: Organisation,
    kind: str,
    community: Community | None = None,
    name_th: str = "",
    name_en: str = "",
    subdistrict: Subdistrict | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    phone: str = "",
    line_id: str = "",
    email: str = "",
    households: int | None = None,
    photo: IO[bytes] | None = None,
    message: str = "",
) -> CommunityClaim:
    """Ask the officers to let `organisation` run a community; they are notified."""
    if not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise PermissionError("only a member of the organisation may claim for it")
    if kind == ClaimKind.CLAIM:
        if community is None:
            raise ValidationError({"community": _("Choose the community you run.")})
        if community.organisation_id == organisation.pk:
            raise ValidationError({"community": _("Your organisation already runs this community.")})
        claim = CommunityClaim(kind=kind, organisation=organisation, community=community, submitted_by=by)
    elif kind == ClaimKind.PROPOSAL:
        name_th = name_th.strip()
        if not name_th:
            raise ValidationError({"name_th": _("Give the community's Thai name.")})
        if subdistrict is None:
            raise ValidationError({"subdistrict": _("Choose the subdistrict where the community is.")})
        if CommunityClaim.objects.pending().filter(organisation=organisation, kind=kind, name_th=name_th).exists():
            raise ValidationError({"name_th": _("Your organisation already proposed this community.")})
        claim = CommunityClaim(
            kind=kind, organisation=organisation, submitted_by=by, name_th=name_th, name_en=name_en.strip(),
            subdistrict=subdistrict, latitude=latitude, longitude=longitude, phone=phone.strip(),
            line_id=line_id.strip(), email=email.strip(), households=households,
        )  # fmt: skip
    else:
        raise ValidationError({"kind": _("Claim a community or propose a new one.")})
    claim.message = message.strip()
    claim.full_clean(exclude=["photo"])
    if photo is not None:
        clean = clean_uploaded_image(photo, name="community")
        claim.photo.save(clean.content.name or "community.jpg", clean.content, save=False)
    claim.save()
    officers = User.objects.filter(is_staff=True, is_active=True)
    notify(event=Event.COMMUNITIES, recipients=officers, actor=by, detail=f"received:{claim.pk}")
    return claim


def _require_officer(by: User) -> None:
    if not by.is_staff:
        raise PermissionError("only officers decide community claims")


def _decided(claim: CommunityClaim, *, by: User, status: str, reason: str = "") -> None:
    claim.status = status
    claim.reason = reason
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "reason", "decided_by", "decided_at", "community"])


def _tell_seller(claim: CommunityClaim, *, by: User, head: str) -> None:
    """The person who asked and the organisation's owners hear the decision."""
    owners = User.objects.filter(memberships__organisation=claim.organisation, memberships__role=MembershipRole.OWNER)
    recipients = {person.pk: person for person in owners}
    if claim.submitted_by is not None:
        recipients[claim.submitted_by.pk] = claim.submitted_by
    notify(event=Event.COMMUNITIES, recipients=recipients.values(), actor=by, detail=f"{head}:{claim.pk}")


@transaction.atomic
def community_claim_approve(*, claim: CommunityClaim, by: User) -> CommunityClaim:
    """Approve: a claimed community is run by the organisation; a proposed one is created, published."""
    _require_officer(by)
    claim = CommunityClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    if claim.kind == ClaimKind.CLAIM:
        assert claim.community is not None  # the model's constraint
        before = {"organisation": str(claim.community.organisation or "")}
        community_update(community=claim.community, by=by, organisation=claim.organisation)
    else:
        assert claim.subdistrict is not None  # community_claim_create requires one
        before = {}
        claim.community = community_create(
            by=by, name_th=claim.name_th, name_en=claim.name_en, district=claim.subdistrict.district,
            subdistrict=claim.subdistrict, organisation=claim.organisation, latitude=claim.latitude,
            longitude=claim.longitude, phone=claim.phone, line_id=claim.line_id, email=claim.email,
            households=claim.households, photo=claim.photo.name or "", is_published=True,
        )  # fmt: skip
    _decided(claim, by=by, status=ClaimStatus.APPROVED)
    audit_record(
        actor=by,
        action=f"community_claim.approve_{claim.kind}",
        obj=claim,
        summary=f"{claim.organisation} → {claim.community}",
        before=before,
        after={"organisation": str(claim.organisation), "community": str(claim.community_id)},
    )
    _tell_seller(claim, by=by, head="approved")
    return claim


@transaction.atomic
def community_claim_reject(*, claim: CommunityClaim, by: User, reason: str) -> CommunityClaim:
    """Refuse, with a reason the seller sees."""
    _require_officer(by)
    claim = CommunityClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the seller why, so that they can fix it.")})
    _decided(claim, by=by, status=ClaimStatus.REJECTED, reason=reason.strip())
    audit_record(
        actor=by,
        action=f"community_claim.reject_{claim.kind}",
        obj=claim,
        summary=reason.strip()[:300],
        after={"status": ClaimStatus.REJECTED, "reason": claim.reason},
    )
    _tell_seller(claim, by=by, head="rejected")
    return claim
