"""The change page of a comic, a bundle, a discount code or a VAT rule shows the setting's
history (morpheus/setting_changes.py): newest first, when, who in words and each field from
what to what, money as money. Django's own History page keeps only which fields changed."""

from typing import Any

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from unfold.decorators import display

from backoffice.display import ActorNames, when
from morpheus.models import SettingChange
from morpheus.money import format_money
from morpheus.setting_changes import setting_history

NOTHING = "—"


class SettingHistoryShown:
    """A ModelAdmin mixin: the change page ends with the setting's change history."""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "change_history") if obj is not None else readonly

    def get_fields(self, request, obj=None):
        """The history last, after the read-only fields an admin adds to its own."""
        fields = [name for name in super().get_fields(request, obj) if name != "change_history"]
        return [*fields, "change_history"] if obj is not None else fields

    @display(description="Change history")
    def change_history(self, setting: models.Model) -> SafeString | str:
        return setting_history_list(setting)


def setting_history_list(setting: models.Model) -> SafeString | str:
    """A list rather than a table: a long value wraps on a phone's width."""
    changes = list(setting_history(setting))
    if not changes:
        return "No change recorded since the history began."
    names = ActorNames(change.actor for change in changes)
    entries = format_html_join(
        "",
        "<li><p>{} · {}</p><ul>{}</ul></li>",
        (
            (when(change.created_at), names(change.actor).label, _what_changed(change))
            for change in changes
        ),
    )
    return format_html('<ol class="bo-setting-history">{}</ol>', entries)


def _what_changed(change: SettingChange) -> SafeString:
    return format_html_join(
        "",
        "<li>{}: {} → {}</li>",
        (
            (_label(name), _shown(before), _shown(after))
            for name, (before, after) in change.changes.items()
        ),
    )


def _label(name: str) -> str:
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def _shown(value: Any) -> str:
    """A value as the JSON of the history keeps it: money ({amount, currency}), a list of
    [id, name] (a many-to-many field), a flag, a text."""
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, dict):
        return format_money(value["amount"], value["currency"])
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(name for _, name in value)
    return str(value)
