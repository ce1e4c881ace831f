"""The registry of personal-data rules (PDPA: access, portability, erasure).

Every app declares, in its own `personal_data.py`, one or more `Rule`s for each model that points at
a person or holds personal fields: which of the person's rows are theirs (`owners`, lookups from the
model to the user), what the download shows of them (`fields`), and what erasure does (`erase`).
`AccountsConfig.ready` imports every app's module, so the rules are known when Django starts;
`chumchon/accounts/tests/test_personal_data.py` fails for any model that is not declared.

Erasure (`erase`) runs every rule in one transaction, the account row itself last. Besides the
person's own rows, a rule may name text fields of *every* row to clean of the person's identifiers
(`scrub`: their e-mail, name, phone, LINE IDs are replaced by "[erased]"), and contact fields to
clear when they hold one of them (`clear_if_same`: an organisation that used the person's phone).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q

from chumchon.accounts.models import User

PLACEHOLDER = "[erased]"
# Shorter identifiers (a two-letter LINE ID) would match inside unrelated words.
MIN_IDENTIFIER_LENGTH = 3


class Erase(enum.StrEnum):
    DELETE = "delete"  # the person's rows are deleted (and their files)
    ANONYMISE = "anonymise"  # the rows stay for others; the fields in `blank` are replaced
    NULL_OWNER = "null_owner"  # the rows stay; only the link to the person is nulled
    KEEP = "keep"  # the rows stay, pointing at the anonymised account; they hold nothing else of the person
    FOLLOWS_PARENT = "follows_parent"  # rows go or stay with `parent` (deleted by cascade)
    NOT_PERSONAL = "not_personal"  # names of things, not of people; declared so that nothing is missed
    CUSTOM = "custom"  # `erase_with` does it


@dataclass(frozen=True)
class Person:
    """Who is being exported or erased, and the words that identify them (taken before erasure)."""

    user: User
    identifiers: frozenset[str]


@dataclass(frozen=True)
class Rule:
    model: str  # "app_label.ModelName"
    erase: Erase
    why: str  # one sentence: why this treatment
    owners: tuple[str, ...] = ()  # lookups from the model to the person, e.g. ("author",), ("message__author",)
    fields: tuple[str, ...] = ()  # what the download shows of each row (lookups allowed); none: not exported
    section: str = ""  # name within the app's part of the download; defaults to the model's name
    app: str = ""  # which part of the download; defaults to the model's app
    blank: Mapping[str, Any] = field(default_factory=dict)  # ANONYMISE: field -> value
    parent: str = ""  # FOLLOWS_PARENT: "app_label.ModelName"
    identifies: tuple[str, ...] = ()  # fields of the person's rows that identify them (to scrub elsewhere)
    # Fields holding the person's name: used to scrub only when it has two words or more, since a lone
    # given name ("Somchai") would clean the records of everyone who shares it.
    names: tuple[str, ...] = ()
    scrub: tuple[str, ...] = ()  # text/JSON fields of every row cleaned of the person's identifiers
    clear_if_same: tuple[str, ...] = ()  # contact fields of every row cleared when equal to an identifier
    erase_with: Callable[[Person], None] | None = None  # CUSTOM
    export_with: Callable[[Person], list[dict[str, Any]]] | None = None  # instead of `fields`

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def app_key(self) -> str:
        return self.app or self.model.split(".", 1)[0]

    @property
    def section_key(self) -> str:
        return self.section or self.model_class._meta.model_name or self.model

    def rows(self, user: User) -> models.QuerySet[Any]:
        model = self.model_class
        if not self.owners:
            return model._default_manager.none()
        condition = Q()
        for lookup in self.owners:
            condition |= Q(**{lookup: user.pk})
        # Through a subquery, so that a row reached by several lookups (or an M2M) comes once.
        return model._default_manager.filter(pk__in=model._default_manager.filter(condition).values("pk"))


_rules: list[Rule] = []


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.erase is Erase.ANONYMISE and not rule.blank:
            raise ValueError(f"{rule.model}: an anonymise rule lists the fields it blanks")
        if rule.erase is Erase.CUSTOM and rule.erase_with is None:
            raise ValueError(f"{rule.model}: a custom rule needs erase_with")
        if rule.erase is Erase.FOLLOWS_PARENT and not rule.parent:
            raise ValueError(f"{rule.model}: a follows-parent rule names its parent")
        if rule in _rules:
            continue
        _rules.append(rule)


def registered_rules() -> list[Rule]:
    return list(_rules)


def declared_models() -> set[type[models.Model]]:
    return {rule.model_class._meta.concrete_model or rule.model_class for rule in _rules}


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("personal_data")


# --- reading --------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def _identifiers(user: User) -> frozenset[str]:
    found: set[str] = set()
    for rule in _rules:
        if rule.identifies:
            for row in rule.rows(user).values_list(*rule.identifies):
                found.update(str(value).strip() for value in row if value)
        if rule.names:
            for row in rule.rows(user).values_list(*rule.names):
                found.update(" ".join(str(value).split()) for value in row if value and len(str(value).split()) > 1)
    return frozenset(value for value in found if len(value) >= MIN_IDENTIFIER_LENGTH)


def person(user: User) -> Person:
    return Person(user=user, identifiers=_identifiers(user))


def export(user: User) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every registered rule's rows of the person, by app and section, ready for JSON."""
    subject = person(user)
    data: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for rule in _rules:
        if rule.export_with is not None:
            rows = rule.export_with(subject)
        elif rule.fields:
            rows = [
                {key: _jsonable(value) for key, value in row.items()}
                for row in rule.rows(user).order_by("pk").values(*rule.fields)
            ]
        else:
            continue
        data.setdefault(rule.app_key, {})[rule.section_key] = rows
    return data


# --- erasing --------------------------------------------------------------------------------


def _pattern(identifiers: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for identifier in sorted(identifiers, key=len, reverse=True):
        escaped = re.escape(identifier)
        # Latin words get word boundaries ("nok" must not change "Bangkok"); Thai has no spaces.
        parts.append(rf"(?<!\w){escaped}(?!\w)" if identifier.isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _scrub_value(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(PLACEHOLDER, value)
    if isinstance(value, list):
        return [_scrub_value(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_value(item, pattern) for key, item in value.items()}
    return value


def _scrub(rule: Rule, subject: Person) -> None:
    pattern = _pattern(subject.identifiers)
    if pattern is None:
        return
    model = rule.model_class
    condition = Q()
    for name in rule.scrub:
        is_json = isinstance(model._meta.get_field(name), models.JSONField)
        for identifier in subject.identifiers:
            condition |= Q(**{f"{name}__icontains": identifier})
            if is_json:  # JSON may keep Thai letters escaped as \\uXXXX (SQLite)
                condition |= Q(**{f"{name}__icontains": json.dumps(identifier)[1:-1]})
    for row in model._default_manager.filter(condition).only("pk", *rule.scrub):
        changes = {}
        for name in rule.scrub:
            value = getattr(row, name)
            cleaned = _scrub_value(value, pattern)
            if cleaned != value:
                changes[name] = cleaned
        if changes:
            model._default_manager.filter(pk=row.pk).update(**changes)


def _clear_if_same(rule: Rule, subject: Person) -> None:
    model = rule.model_class
    for name in rule.clear_if_same:
        condition = Q()
        for identifier in subject.identifiers:
            condition |= Q(**{f"{name}__iexact": identifier})
        if condition:
            model._default_manager.filter(condition).update(**{name: ""})


def _delete_files(queryset: models.QuerySet[Any], names: Iterable[str] | None = None) -> None:
    model = queryset.model
    file_fields = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField) and (names is None or f.name in names)
    ]
    if not file_fields:
        return
    for row in queryset.only("pk", *file_fields):
        for name in file_fields:
            stored = getattr(row, name)
            if stored:
                stored.delete(save=False)


def _apply(rule: Rule, subject: Person) -> None:
    rows = rule.rows(subject.user)
    model = rule.model_class
    if rule.erase is Erase.DELETE:
        _delete_files(rows)
        rows.delete()
    elif rule.erase is Erase.ANONYMISE:
        _delete_files(rows, names=rule.blank)
        rows.update(**rule.blank)
    elif rule.erase is Erase.NULL_OWNER:
        for lookup in rule.owners:
            model._default_manager.filter(**{lookup: subject.user.pk}).update(**{lookup: None})
    elif rule.erase is Erase.CUSTOM:
        assert rule.erase_with is not None
        rule.erase_with(subject)
    if rule.scrub:
        _scrub(rule, subject)
    if rule.clear_if_same:
        _clear_if_same(rule, subject)


def _is_account(rule: Rule) -> bool:
    return rule.model_class is apps.get_model(settings.AUTH_USER_MODEL)


@transaction.atomic
def erase(user: User) -> None:
    """Run every rule for the person; the account row's own rule runs last."""
    subject = person(user)
    for rule in sorted(_rules, key=_is_account):
        _apply(rule, subject)


# --- the accounts app's own rules (and those of the libraries it brings: allauth, API keys, admin) ---


def _anonymise_account(subject: Person) -> None:
    from django.utils import timezone

    user = subject.user
    user.email = f"erased-{user.pk}@invalid.invalid"
    user.name = ""
    user.phone = ""
    user.line_id = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _withdraw_consents(subject: Person) -> None:
    from django.utils import timezone

    from chumchon.accounts.models import Consent

    Consent.objects.filter(user=subject.user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


register(
    Rule(
        "accounts.User",
        Erase.CUSTOM,
        "The row stays so that records others keep (messages, deals) point at a placeholder; every "
        "identifying field is blanked, the e-mail replaced, the login disabled, groups cleared.",
        owners=("id",),
        section="account",
        fields=("email", "name", "role", "phone", "line_id", "language", "date_joined", "last_login", "is_staff"),
        identifies=("email", "phone", "line_id"),
        names=("name",),
        erase_with=_anonymise_account,
    ),
    Rule(
        "accounts.Membership",
        Erase.DELETE,
        "Leaving every organisation is part of closing the account.",
        owners=("user",),
        section="memberships",
        fields=("organisation__name", "organisation__kind", "role", "joined_at"),
    ),
    Rule(
        "accounts.Organisation",
        Erase.KEEP,
        "An organisation belongs to all its members; contact details that are the person's own are cleared.",
        owners=("memberships__user",),
        section="organisations",
        fields=("name", "kind", "description", "phone", "email", "line_id", "website", "promptpay_id"),
        clear_if_same=("phone", "email", "line_id", "promptpay_id"),
        scrub=("description",),
    ),
    Rule(
        "accounts.Consent",
        Erase.CUSTOM,
        "Kept as evidence of what was agreed (PDPA s.19); open consents are marked withdrawn.",
        owners=("user",),
        section="consents",
        fields=("notice_version", "accepted_at", "withdrawn_at"),
        erase_with=_withdraw_consents,
    ),
    Rule(
        "accounts.AuditEntry",
        Erase.KEEP,
        "The audit trail must stay; entries point at the anonymised account and are cleaned of the "
        "person's identifiers.",
        owners=("actor",),
        section="audit_trail",
        fields=("action", "object_type", "object_id", "summary", "at"),
        scrub=("summary", "before", "after"),
    ),
    Rule(
        "account.EmailAddress",
        Erase.DELETE,
        "Sign-in addresses are the person's.",
        owners=("user",),
        app="accounts",
        section="email_addresses",
        fields=("email", "verified", "primary"),
        identifies=("email",),
    ),
    Rule(
        "account.EmailConfirmation",
        Erase.FOLLOWS_PARENT,
        "Deleted with its e-mail address.",
        parent="account.EmailAddress",
    ),
    Rule(
        "socialaccount.SocialAccount",
        Erase.DELETE,
        "The link to the person's LINE login (its user ID and profile) is theirs.",
        owners=("user",),
        app="accounts",
        section="social_accounts",
        fields=("provider", "uid", "date_joined", "last_login"),
        identifies=("uid",),
    ),
    Rule(
        "socialaccount.SocialToken",
        Erase.FOLLOWS_PARENT,
        "LINE's access token for the person; deleted with the link to their LINE login.",
        parent="socialaccount.SocialAccount",
    ),
    Rule("socialaccount.SocialApp", Erase.NOT_PERSONAL, "The site's own LINE Login channel, not a person's."),
    Rule(
        "accounts.UserAPIKey",
        Erase.DELETE,
        "An API key is the person's credential; the download shows its prefix and dates, never the key "
        "(only its hash is kept).",
        owners=("user",),
        section="api_keys",
        fields=("prefix", "name", "scope", "organisation__name", "created", "expiry_date", "last_used_at", "revoked"),
    ),
    Rule(
        "rest_framework_api_key.APIKey",
        Erase.NOT_PERSONAL,
        "The library's own key table, unused (keys are accounts.UserAPIKey); it names no person.",
    ),
    Rule(
        "mfa.Authenticator",
        Erase.DELETE,
        "A person's second factor (authenticator app secret, recovery codes); the download says which "
        "kinds exist and when they were added, never the secrets.",
        owners=("user",),
        app="accounts",
        section="two_factor",
        fields=("type", "created_at", "last_used_at"),
    ),
    Rule(
        "admin.LogEntry",
        Erase.KEEP,
        "The admin's history of an officer's changes stays; entries are cleaned of the person's identifiers.",
        owners=("user",),
        app="accounts",
        section="admin_log",
        fields=("action_time", "content_type__model", "object_id", "object_repr", "action_flag"),
        scrub=("object_repr", "change_message"),
    ),
    Rule(
        "sessions.Session",
        Erase.NOT_PERSONAL,
        "Holds the account number only; the unusable password ends every signed-in session.",
    ),
    Rule("auth.Group", Erase.NOT_PERSONAL, "Names of officers' groups, not of people."),
    Rule("auth.Permission", Erase.NOT_PERSONAL, "Names of permissions, not of people."),
    Rule("core.PeriodicRun", Erase.NOT_PERSONAL, "Names of periodic jobs and when they last ran, not of people."),
)
