"""Income figures a person recorded (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "impact.IncomeEntry",
        Erase.NULL_OWNER,
        "The income still happened and counts for the community; only who recorded it is forgotten, and "
        "its note is cleaned of the person's identifiers.",
        owners=("recorded_by",),
        section="income_entries",
        fields=("community__name_th", "date", "amount", "kind", "visitors", "note", "created_at"),
        scrub=("note",),
    ),
    Rule(
        "impact.HouseholdIncome",
        Erase.NULL_OWNER,
        "Survey figures (households by code, not name) stay; only who imported them is forgotten.",
        owners=("imported_by",),
        section="household_incomes_imported",
        fields=("community__name_th", "household", "month", "income", "source"),
    ),
)
