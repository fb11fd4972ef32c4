"""The settings history: each save of a shop setting by staff is recorded, in the saving
transaction, as one `SettingChange` naming each field that changed with its value before
and after. The apps' services (`catalog.services.comic_save`, ...) save through
`setting_save`, giving the setting's terms as JSON values: money as minor units with its
currency (`money_value`), a many-to-many field as its sorted ids and names.

The history is also the setting's version (`setting_version`): a staff page carries the one
it was worked out from, and a save from a page older than the setting is refused
(`SettingChangedMeanwhile`), or it would put back what was saved since."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from morpheus.errors import DomainError
from morpheus.models import SettingChange

Setting = TypeVar("Setting", bound=models.Model)
Terms = dict[str, Any]


class SettingChangedMeanwhile(DomainError):
    """A save from a page older than the setting: `changes` were recorded since (oldest
    first), which the save would have put back."""

    def __init__(self, changes: list[SettingChange]) -> None:
        self.changes = changes
        by = ""
        if changes:
            last = changes[-1]
            by = f" (by {last.actor} at {last.created_at:%Y-%m-%d %H:%M} UTC)"
        super().__init__(
            f"This setting has changed since this page was loaded{by}. Nothing was saved: "
            "look at it again."
        )


def setting_save(
    *,
    setting: Setting,
    terms: Callable[[Setting], Terms],
    actor: str,
    related_save: Callable[[], None] | None = None,
    version: int | None = None,
) -> Setting:
    """Save `setting` (then what `related_save` saves: its many-to-many fields, its rows in
    other tables) with the stored row locked, and record what changed: `terms` of the row
    before and of `setting` after. `version`: the `setting_version` of the page it was
    edited on; another than the stored setting's is refused (`SettingChangedMeanwhile`)."""
    with transaction.atomic():
        before = _locked_terms(setting, terms)
        if version is not None and not setting._state.adding:
            _unchanged_since(setting, version)
        _editable_fields_save(setting)
        if related_save is not None:
            related_save()
        setting_change_record(setting=setting, before=before, after=terms(setting), actor=actor)
    return setting


def _editable_fields_save(setting: models.Model) -> None:
    """A stored row keeps the fields staff do not edit as the row has them: the instance's
    copy of a counter the app keeps (a code's uses) may be older than the row."""
    if setting._state.adding:
        setting.save()
        return
    setting.save(update_fields=[field.name for field in _editable_fields(setting)])


def _editable_fields(setting: models.Model) -> Iterator[models.Field]:
    return (
        field for field in setting._meta.concrete_fields if field.editable and not field.primary_key
    )


def _locked_terms(setting: Setting, terms: Callable[[Setting], Terms]) -> Terms:
    """The stored row's terms, the row locked until the transaction ends; none for a new one."""
    if setting._state.adding:
        return {}
    return terms(type(setting)._default_manager.select_for_update().get(pk=setting.pk))


def setting_version(setting: models.Model) -> int:
    """The id of the setting's last recorded change, 0 before any: saves of one setting
    take turns on its row, so each records a higher one."""
    if setting.pk is None:
        return 0
    return setting_history(setting).values_list("id", flat=True).first() or 0


def setting_changes_since(setting: models.Model, version: int) -> list[SettingChange]:
    """The changes recorded after `version`, oldest first."""
    return list(setting_history(setting).filter(id__gt=version).order_by("id"))


def _unchanged_since(setting: models.Model, version: int) -> None:
    if version != setting_version(setting):
        raise SettingChangedMeanwhile(setting_changes_since(setting, version))


def setting_change_record(
    *, setting: models.Model, before: Terms, after: Terms, actor: str
) -> SettingChange | None:
    """One history row for the terms that differ; none when nothing changed. Nothing,
    an empty text and an empty list do not differ: a new setting's empty fields are no
    change."""
    changes = {
        name: [before.get(name), after.get(name)]
        for name in sorted(before.keys() | after.keys())
        if _meaning(before.get(name)) != _meaning(after.get(name))
    }
    if not changes:
        return None
    return SettingChange.objects.create(
        model=setting._meta.label_lower,
        object_id=str(setting.pk),
        object_repr=str(setting)[:200],
        actor=actor,
        changes=changes,
    )


def _meaning(value: Any) -> Any:
    return None if value in ("", []) else value


def setting_history(setting: models.Model) -> models.QuerySet[SettingChange]:
    """The changes recorded for `setting`, newest first."""
    return SettingChange.objects.filter(
        model=setting._meta.label_lower, object_id=str(setting.pk)
    ).order_by("-created_at", "-id")


def fields_terms(
    setting: models.Model, *, money: Mapping[str, str] = {}, many: Iterable[str] = ()
) -> Terms:
    """The setting's editable fields as JSON values. `money`: amount field -> its currency
    field, the amount kept with its currency (and the currency field not on its own);
    `many`: many-to-many fields."""
    terms = {
        field.name: _json_value(field, field.value_from_object(setting))
        for field in _editable_fields(setting)
        if field.name not in money.values()
    }
    for amount, currency in money.items():
        terms[amount] = money_value(getattr(setting, amount), getattr(setting, currency))
    for name in many:
        terms[name] = [[item.pk, str(item)] for item in getattr(setting, name).order_by("pk")]
    return terms


def money_value(amount: int | None, currency: str) -> dict | None:
    return None if amount is None else {"amount": amount, "currency": currency}


def _json_value(field: models.Field, value: Any) -> Any:
    """The value as the database keeps it, so a form's "19" and the stored 19.00, or a
    time in the staff's zone and the stored UTC one, are not told apart."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    return value
