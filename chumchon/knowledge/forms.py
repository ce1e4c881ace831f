from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.knowledge.models import Article, Topic
from chumchon.knowledge.services import MAX_COMMENT
from chumchon.places.models import Area, Community, CreativeCity


class ArticleForm(forms.ModelForm[Article]):
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Topics")
    )
    areas = forms.ModelMultipleChoiceField(
        Area.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Areas")
    )
    creative_cities = forms.ModelMultipleChoiceField(
        CreativeCity.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Creative cities")
    )
    communities = forms.ModelMultipleChoiceField(Community.objects.published(), required=False, label=_("Communities"))

    class Meta:
        model = Article
        fields = ["kind", "title_th", "title_en", "summary_th", "summary_en", "body_th", "body_en"]
        widgets = {"body_th": forms.Textarea(attrs={"rows": 12}), "body_en": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body_th": _("Markdown: # heading, **bold**, [link](https://…). HTML is shown as text.")}


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("File title"), max_length=200, required=False)
    file = forms.FileField(label=_("PDF or image (at most 20 MB)"))


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment or question"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
