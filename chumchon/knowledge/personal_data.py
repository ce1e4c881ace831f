"""Articles and comments a person wrote (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Person, Rule, register


def _erase_articles(subject: Person) -> None:
    """Drafts, articles waiting for review and returned ones go, with their files; published ones stay."""
    from chumchon.knowledge.models import Article, ArticleStatus, Resource

    unpublished = Article.objects.filter(author=subject.user).exclude(status=ArticleStatus.PUBLISHED)
    for resource in Resource.objects.filter(article__in=unpublished):
        if resource.file:
            resource.file.delete(save=False)
    unpublished.delete()


register(
    Rule(
        "knowledge.Article",
        Erase.CUSTOM,
        "Unpublished articles are deleted; published ones are the agency's publication and stay, "
        "pointing at the anonymised account.",
        owners=("author",),
        section="articles",
        fields=("slug", "kind", "status", "title_th", "title_en", "summary_th", "summary_en", "body_th", "body_en"),
        erase_with=_erase_articles,
    ),
    Rule(
        "knowledge.Resource",
        Erase.FOLLOWS_PARENT,
        "Files of an article go or stay with it.",
        parent="knowledge.Article",
        owners=("article__author",),
        section="resources",
        fields=("article__slug", "kind", "title", "file", "size"),
    ),
    Rule(
        "knowledge.Comment",
        Erase.DELETE,
        "A comment is the person's words and nobody's record; others' comments are cleaned of the "
        "person's identifiers.",
        owners=("author",),
        section="comments",
        fields=("article__slug", "text", "status", "created_at"),
        scrub=("text",),
    ),
)
