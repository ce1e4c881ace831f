"""The notification kind of the knowledge base: an article's author hears of a new comment or
question on it, once it can be read (an officer's comment at once, anyone else's when an officer
approves it), in the app, by e-mail and on LINE.

Stored with the event `knowledge` and `detail` "comment:<comment id>"; the comment's first words are
the excerpt. Worded in the author's language when shown or sent. Registered at startup by the
notifications app (`autodiscover_modules("notifications")`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext_lazy

from chumchon.knowledge.models import Comment
from chumchon.notifications.kinds import Kind, detail_id, register
from chumchon.notifications.models import Event, Notification

COMMENT = "comment"


def _comment(notification: Notification) -> Comment | None:
    comment_id = detail_id(notification)
    if comment_id is None:
        return None
    return Comment.objects.select_related("article", "author").filter(pk=comment_id).first()


def _params(notification: Notification) -> Mapping[str, object]:
    comment = _comment(notification)
    if comment is None:
        return {"article": "", "who": ""}
    return {"article": comment.article.title, "who": comment.author.get_full_name() or str(comment.author)}


def _link(notification: Notification) -> str:
    comment = _comment(notification)
    if comment is None:
        return reverse("knowledge:mine")
    return f"{comment.article.get_absolute_url()}#comment-{comment.pk}"


register(
    Kind(
        key="knowledge.comment",
        event=Event.KNOWLEDGE,
        detail=COMMENT,
        subject=gettext_lazy("New comment on “%(article)s”"),
        body=gettext_lazy("%(who)s wrote a comment or question on your article “%(article)s”:"),
        params=_params,
        link=_link,
    ),
)
