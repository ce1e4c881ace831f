"""Every write to knowledge articles, resources and comments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.accounts.services import audit_record
from chumchon.core import ratelimit
from chumchon.core.images import clean_uploaded_image
from chumchon.knowledge.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Comment,
    CommentStatus,
    Resource,
    ResourceKind,
    Topic,
)
from chumchon.knowledge.signals import article_saved
from chumchon.notifications.models import Event
from chumchon.notifications.notifier import notify
from chumchon.places.models import Area, Community, CreativeCity
from chumchon.search import text

MAX_PDF_BYTES = 20 * 1024 * 1024


def can_write(user: User) -> bool:
    """Officers and members of a community's organisation may write articles."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, organisation__communities__isnull=False).exists()


def _search_text(article: Article) -> str:
    parts = [article.title_th, article.title_en, article.summary_th, article.summary_en]
    parts += [article.body_th, article.body_en]
    if article.pk:
        for tag in [*article.topics.all(), *article.areas.all(), *article.creative_cities.all()]:
            parts += [tag.name_th, tag.name_en]
        for community in article.communities.all():
            parts += [community.name_th, community.name_en]
    return " " + " ".join(text.words(" ".join(p for p in parts if p))) + " "


def _changed(article: Article) -> None:
    # After commit, so that a listener (the search index) never sees a write that was rolled back.
    transaction.on_commit(lambda: article_saved.send(sender=Article, article=article), robust=True)


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=False)[:60] or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def article_create(
    *,
    by: User,
    title_th: str,
    title_en: str = "",
    body_th: str = "",
    body_en: str = "",
    summary_th: str = "",
    summary_en: str = "",
    kind: str = ArticleKind.ARTICLE,
    slug: str = "",
) -> Article:
    if not can_write(by):
        raise ValidationError(_("Only officers and community members can write articles."))
    if not title_th.strip() and not title_en.strip():
        raise ValidationError(_("Give the article a title."))
    article = Article(
        author=by,
        kind=kind,
        title_th=title_th.strip() or title_en.strip(),
        title_en=title_en.strip(),
        body_th=body_th,
        body_en=body_en,
        summary_th=summary_th,
        summary_en=summary_en,
        slug=slug or _unique_slug(title_en or title_th),
    )
    article.full_clean(exclude=["search_text"])
    article.save()
    article.search_text = _search_text(article)
    article.save(update_fields=["search_text"])
    _changed(article)
    return article


@transaction.atomic
def article_update(*, article: Article, by: User, **fields: str) -> Article:
    allowed = {"title_th", "title_en", "body_th", "body_en", "summary_th", "summary_en", "kind"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(article, name, value)
    article.full_clean(exclude=["search_text"])
    article.search_text = _search_text(article)
    article.save()
    if by.is_staff and by != article.author:
        audit_record(actor=by, action="knowledge.article_update", obj=article, summary=article.title_th)
    _changed(article)
    return article


@transaction.atomic
def article_set_tags(
    *,
    article: Article,
    topics: Iterable[Topic] = (),
    areas: Iterable[Area] = (),
    creative_cities: Iterable[CreativeCity] = (),
    communities: Iterable[Community] = (),
) -> Article:
    article.topics.set(list(topics))
    article.areas.set(list(areas))
    article.creative_cities.set(list(creative_cities))
    article.communities.set(list(communities))
    article.search_text = _search_text(article)
    article.save(update_fields=["search_text", "updated_at"])
    _changed(article)
    return article


def _publish(article: Article) -> None:
    article.status = ArticleStatus.PUBLISHED
    article.published_at = article.published_at or timezone.now()
    article.rejection_reason = ""
    article.save(update_fields=["status", "published_at", "rejection_reason", "updated_at"])


@transaction.atomic
def article_submit(*, article: Article, by: User) -> Article:
    """Officers publish at once; community members' articles wait for an officer's review."""
    if article.author != by and not by.is_staff:
        raise ValidationError(_("Only the author can submit this article."))
    if article.status == ArticleStatus.PUBLISHED:
        return article
    _changed(article)
    if by.is_staff:
        _publish(article)
        audit_record(actor=by, action="knowledge.article_publish", obj=article, summary=article.title_th)
    else:
        article.status = ArticleStatus.PENDING
        article.save(update_fields=["status", "updated_at"])
    return article


@transaction.atomic
def article_approve(*, article: Article, by: User) -> Article:
    if not by.is_staff:
        raise ValidationError(_("Only officers can approve articles."))
    if article.status != ArticleStatus.PENDING:
        raise ValidationError(_("This article is not waiting for review."))
    _publish(article)
    audit_record(actor=by, action="knowledge.article_approve", obj=article, summary=article.title_th)
    _changed(article)
    return article


@transaction.atomic
def article_reject(*, article: Article, by: User, reason: str) -> Article:
    if not by.is_staff:
        raise ValidationError(_("Only officers can return articles."))
    if not reason.strip():
        raise ValidationError(_("Tell the author why the article is returned."))
    article.status = ArticleStatus.REJECTED
    article.rejection_reason = reason.strip()
    article.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(actor=by, action="knowledge.article_reject", obj=article, summary=reason.strip())
    _changed(article)
    return article


def _check_pdf(upload: IO[bytes]) -> int:
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > MAX_PDF_BYTES:
        raise ValidationError(_("PDF files can be at most 20 MB."))
    if upload.read(5) != b"%PDF-":
        raise ValidationError(_("This file is not a PDF document."))
    upload.seek(0)
    return size


@transaction.atomic
def resource_add(*, article: Article, by: User, upload: IO[bytes], title: str, filename: str = "") -> Resource:
    """Attach a PDF (checked by its first bytes, not its name) or a photo (re-encoded, metadata removed)."""
    if article.author != by and not by.is_staff:
        raise ValidationError(_("Only the author can add files to this article."))
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    title = title.strip() or filename or _("Download")
    if head == b"%PDF-":
        size = _check_pdf(upload)
        name = (slugify(filename.rsplit(".", 1)[0]) or "document") + ".pdf"
        resource = Resource(article=article, kind=ResourceKind.PDF, title=title, size=size)
        resource.file.save(name, ContentFile(upload.read()), save=False)
    else:
        image = clean_uploaded_image(upload, name="resource")
        resource = Resource(article=article, kind=ResourceKind.IMAGE, title=title, size=image.content.size)
        resource.file.save("resource.jpg", image.content, save=False)
    resource.save()
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, by: User) -> None:
    if resource.article.author != by and not by.is_staff:
        raise ValidationError(_("Only the author can remove files from this article."))
    resource.file.delete(save=False)
    resource.delete()


MAX_COMMENT = 2000
# (how many, per how many seconds) per person: enough for a real conversation, not for a flood of
# the moderators' queue. Officers are not limited.
COMMENT_RATE_LIMIT = (10, 3600)


@transaction.atomic
def comment_add(*, article: Article, by: User, text_: str) -> Comment:
    """Comments wait for moderation, except officers'."""
    if not article.is_published:
        raise ValidationError(_("Comments are open on published articles only."))
    text_ = text_.strip()
    if not text_:
        raise ValidationError(_("Write your comment or question."))
    if len(text_) > MAX_COMMENT:
        raise ValidationError(
            _("A comment can be at most %(limit)s characters; this one has %(length)s.")
            % {"limit": MAX_COMMENT, "length": len(text_)}
        )
    allowed, seconds = COMMENT_RATE_LIMIT
    if not by.is_staff and not ratelimit.hit(action="comment", who=by.pk, allowed=allowed, seconds=seconds):
        raise ValidationError(
            _("You have written many comments in the last hour. Please wait a while before writing another."),
            code="rate_limited",
        )
    status = CommentStatus.APPROVED if by.is_staff else CommentStatus.PENDING
    comment = Comment.objects.create(article=article, author=by, text=text_, status=status)
    if status == CommentStatus.APPROVED:
        _tell_author(comment)
    return comment


def _tell_author(comment: Comment) -> None:
    """The article's author hears of a comment or question once others can read it (not of their own)."""
    author = comment.article.author
    notify(
        event=Event.KNOWLEDGE,
        recipients=[author],
        actor=comment.author,
        detail=f"comment:{comment.pk}",
        excerpt=comment.text[:280],
    )


@transaction.atomic
def comment_moderate(*, comment: Comment, by: User, approve: bool) -> Comment:
    if not by.is_staff:
        raise ValidationError(_("Only officers can moderate comments."))
    was_approved = comment.status == CommentStatus.APPROVED
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.HIDDEN
    comment.save(update_fields=["status"])
    if approve and not was_approved:
        _tell_author(comment)
    audit_record(actor=by, action="knowledge.comment_moderate", obj=comment, summary=comment.status)
    return comment
