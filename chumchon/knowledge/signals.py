"""Signals knowledge sends so that other apps (search) can follow articles without this app
importing them. Sent after the transaction commits, after every write to an article."""

from django.dispatch import Signal

# article: the Article that was created, changed, published, returned or had its tags set.
# Only published articles belong in a public index: check `article.is_published`.
article_saved = Signal()
