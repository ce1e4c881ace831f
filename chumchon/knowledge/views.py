"""Knowledge pages: list with search, detail, feed, writing, review and comment moderation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.resume import form_data, stashed_form_data
from chumchon.knowledge import selectors, services
from chumchon.knowledge.filters import ArticleFilterSet
from chumchon.knowledge.forms import ArticleForm, CommentForm, RejectForm, ResourceForm
from chumchon.knowledge.markdown import render_markdown
from chumchon.knowledge.models import Article, ArticleKind, ArticleStatus, Comment, CommentStatus, Topic
from chumchon.places.models import CreativeCity
from chumchon.search.text import cut_query_message, limit_words


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def article_list(request: HttpRequest) -> HttpResponse:
    filters = ArticleFilterSet(request.GET, queryset=Article.objects.published().with_tags())
    page = Paginator(filters.qs, 20).get_page(request.GET.get("page"))
    limited = limit_words(request.GET.get("q", ""))
    return render(
        request,
        "knowledge/list.html",
        {
            "page_obj": page,
            "q": limited.text,
            "query_cut": cut_query_message(limited),
            "errors": filters.error_messages,
            "topics": Topic.objects.all(),
            "cities": CreativeCity.objects.all(),
            "kinds": ArticleKind.choices,
            "can_write": request.user.is_authenticated and services.can_write(request.user),
        },
        status=400 if filters.errors else 200,
    )


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_for(request.user, slug)
    # After signing in again: the comment she had sent, as she typed it.
    return _detail(
        request, article, CommentForm(stashed_form_data(request, action=reverse("knowledge:comment", args=[slug])))
    )


def _detail(request: HttpRequest, article: Article, comment_form: CommentForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "knowledge/detail.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "resources": article.resources.all(),
            "listings": selectors.related_listings(article),
            "comments": selectors.visible_comments(article, request.user),
            "comment_form": comment_form,
            "can_edit": request.user.is_authenticated
            and (article.author_id == request.user.pk or request.user.is_staff),
        },
        status=status,
    )


def _save_tags(article: Article, form: ArticleForm) -> None:
    services.article_set_tags(
        article=article,
        topics=form.cleaned_data["topics"],
        areas=form.cleaned_data["areas"],
        creative_cities=form.cleaned_data["creative_cities"],
        communities=form.cleaned_data["communities"],
    )


@login_required
def article_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not services.can_write(request.user):
        raise Http404
    form = ArticleForm(form_data(request))
    if _previewing(request):
        return render(request, "knowledge/edit.html", {"form": form, "preview": _preview(request)})
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k in ArticleForm.Meta.fields}
            article = services.article_create(by=request.user, **data)
            _save_tags(article, form)
        except ValidationError as error:
            _errors(request, error)
        else:
            return redirect("knowledge:edit", pk=article.pk)
    return render(request, "knowledge/edit.html", {"form": form})


@login_required
def article_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_editable_by(request.user, pk)
    form = ArticleForm(
        form_data(request),
        instance=article,
        initial={
            "topics": article.topics.all(),
            "areas": article.areas.all(),
            "creative_cities": article.creative_cities.all(),
            "communities": article.communities.all(),
        },
    )
    if request.method == "POST" and form.is_valid() and not _previewing(request):
        data = {k: v for k, v in form.cleaned_data.items() if k in ArticleForm.Meta.fields}
        try:
            services.article_update(article=article, by=request.user, **data)
            _save_tags(article, form)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:edit", pk=article.pk)
    return render(
        request,
        "knowledge/edit.html",
        {
            "form": form,
            "article": article,
            "resource_form": ResourceForm(),
            "resources": article.resources.all(),
            "preview": _preview(request) if _previewing(request) else None,
        },
    )


def _previewing(request: HttpRequest) -> bool:
    """The editor's "Preview" button was pressed: show the text as the article page will, save nothing."""
    return request.method == "POST" and "preview" in request.POST


def _preview(request: HttpRequest) -> dict[str, str]:
    """The typed Thai and English bodies rendered by the article page's own renderer."""
    return {
        "th": render_markdown(request.POST.get("body_th", "")),
        "en": render_markdown(request.POST.get("body_en", "")),
    }


@login_required
@require_POST
def article_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The preview beside the editor, refreshed by htmx as the author types (nothing is saved)."""
    if not services.can_write(request.user):
        raise Http404
    return render(request, "knowledge/includes/preview.html", {"preview": _preview(request)})


@login_required
@require_POST
def resource_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_editable_by(request.user, pk)
    form = ResourceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.resource_add(
                article=article,
                by=request.user,
                upload=upload,
                title=form.cleaned_data["title"],
                filename=upload.name or "",
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("File added."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("knowledge:edit", pk=article.pk)


@login_required
@require_POST
def article_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_editable_by(request.user, pk)
    try:
        services.article_submit(article=article, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("knowledge:edit", pk=article.pk)
    if article.is_published:
        messages.success(request, _("The article is published."))
    else:
        messages.success(request, _("Sent for review: an officer will publish it."))
    return redirect(article)


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    articles = Article.objects.filter(author=request.user.pk).order_by("-updated_at")
    return render(request, "knowledge/mine.html", {"articles": articles})


@officer_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    pending: QuerySet[Article] = Article.objects.filter(status=ArticleStatus.PENDING).select_related("author")
    comments = Comment.objects.filter(status=CommentStatus.PENDING).select_related("article", "author")
    return render(
        request,
        "knowledge/review.html",
        {"pending": pending, "comments": comments, "reject_form": RejectForm()},
    )


@officer_required
@require_POST
def article_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.article_approve(article=article, by=request.user)
            messages.success(request, _("The article is published."))
        else:
            services.article_reject(
                article=article,
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("The article was returned to its author."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("knowledge:review")


@login_required
@require_POST
def comment_post(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_for(request.user, slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_add(article=article, by=request.user, text_=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error)
        else:
            if comment.status == CommentStatus.PENDING:
                messages.success(request, _("Thank you: your comment will appear once a moderator has read it."))
            return redirect(article.get_absolute_url() + "#comments")
    # The page again, with what was written and why it was not sent.
    return _detail(request, article, form, status=429 if form.has_error("text", "rate_limited") else 400)


@officer_required
@require_POST
def comment_moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    services.comment_moderate(comment=comment, by=request.user, approve=request.POST.get("decision") == "approve")
    return redirect("knowledge:review")


class ArticleFeed(Feed):
    """The newest published articles as an Atom feed, in the language of the URL."""

    feed_type = Atom1Feed
    title = gettext_lazy("Chumchon knowledge")
    subtitle = gettext_lazy("Articles, guides and news on community-based creative tourism")

    def link(self) -> str:
        return reverse("knowledge:list")

    def items(self) -> Any:
        return Article.objects.published().select_related("author")[:30]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary or str(render_markdown(item.body))

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at

    def item_updateddate(self, item: Article) -> Any:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.author.get_full_name()
