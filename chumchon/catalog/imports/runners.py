"""Who runs a community, as a community file names it in its `organisation` column: an
organisation by name, or a person by e-mail (the organisation they own runs it; a person without
an account or organisation is invited to take the community over, `places.invitations`)."""

from __future__ import annotations

import difflib
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, MembershipRole, Organisation, User
from chumchon.catalog.imports.cells import _Cells, _did_you_mean
from chumchon.catalog.imports.reading import Table


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class Runners:
    """The organisations and people a file's `organisation` column names, loaded once."""

    def __init__(self, table: Table) -> None:
        values = [" ".join(values.get("organisation", "").split()) for _number, values in table.rows]
        emails = sorted({value.lower() for value in values if "@" in value})
        self.organisations: dict[str, list[Organisation]] = defaultdict(list)
        self.organisation_emails: dict[str, list[Organisation]] = defaultdict(list)
        if any(values):
            for organisation in Organisation.objects.order_by("pk"):
                self.organisations[_name_key(organisation.name)].append(organisation)
                if organisation.email:
                    self.organisation_emails[organisation.email.lower()].append(organisation)
        self.users: dict[str, User] = {}
        self.owned: dict[int, list[Organisation]] = defaultdict(list)
        self.member_of: dict[int, list[Organisation]] = defaultdict(list)
        if emails:
            for user in User.objects.annotate(address=Lower("email")).filter(address__in=emails, is_active=True):
                self.users[user.email.lower()] = user
            memberships = Membership.objects.filter(user__in=self.users.values()).select_related("organisation")
            for membership in memberships.order_by("organisation__name", "pk"):
                target = self.owned if membership.role == MembershipRole.OWNER else self.member_of
                target[membership.user_id].append(membership.organisation)

    def read(self, cells: _Cells) -> tuple[Organisation | None, str]:
        """The organisation that runs the row's community, or the e-mail to invite ("" for neither)."""
        value = " ".join(cells.raw("organisation").split())
        if not value:
            return None, ""
        if len(value) > 254:
            cells.error("organisation", _("at most %(max)d characters") % {"max": 254})
            return None, ""
        if "@" not in value:
            return self._by_name(cells, value), ""
        email = value.lower()
        try:
            validate_email(email)
        except ValidationError:
            cells.error("organisation", _('"%(value)s" is not an e-mail address') % {"value": value})
            return None, ""
        user = self.users.get(email)
        if user is not None:
            organisations = self.owned.get(user.pk) or self.member_of.get(user.pk) or []
            if len(organisations) == 1:
                return organisations[0], ""
            if len(organisations) > 1:
                cells.error(
                    "organisation",
                    _("%(email)s belongs to several organisations (%(names)s); write the organisation's name")
                    % {"email": value, "names": ", ".join(organisation.name for organisation in organisations)},
                )
                return None, ""
        by_address = self.organisation_emails.get(email, [])
        if len(by_address) == 1 and user is None:
            return by_address[0], ""
        return None, email  # no account, or no organisation yet: invited to take it over

    def _by_name(self, cells: _Cells, value: str) -> Organisation | None:
        found = self.organisations.get(_name_key(value), [])
        if len(found) == 1:
            return found[0]
        if found:
            cells.error(
                "organisation",
                _('%(count)d organisations are called "%(value)s"; write the e-mail of the owner of the right one')
                % {"count": len(found), "value": value},
            )
            return None
        names = {key: items[0].name for key, items in self.organisations.items()}
        match = difflib.get_close_matches(_name_key(value), list(names), n=1, cutoff=0.75)
        message = _(
            'no organisation "%(value)s" (write the e-mail of the person who runs the community to invite them)'
        ) % {"value": value}
        cells.error("organisation", _did_you_mean(message, names[match[0]] if match else None))
        return None
