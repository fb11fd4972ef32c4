"""The change page of a comic, a bundle, a discount code or a VAT rule shows the setting's
history (morpheus/setting_changes.py): newest first, when, who in words and each field from
what to what, money as money; the History button opens it (Django's own History page keeps
only which fields changed).

The page carries the setting's version (the id of its last change): saved from a page
older than the setting, the form is refused, saying who changed what and when since, with
what staff typed kept, or the save would quietly put back a colleague's price or discount."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from unfold.decorators import display

from backoffice.display import ActorNames, when
from morpheus.models import SettingChange
from morpheus.money import format_money
from morpheus.setting_changes import setting_changes_since, setting_history, setting_version

NOTHING = "—"
HISTORY_ANCHOR = "change-history"


class SettingVersionField(forms.IntegerField):
    """The version a page was worked out from, hidden. A page refused and shown again
    carries the version it was worked out from that time, not the one sent: its stale-page
    error names the changes since, and saving again after reading it is staff's choice."""

    widget = forms.HiddenInput

    def __init__(self) -> None:
        super().__init__(required=False)

    def clean(self, value) -> int | None:
        """None for a missing or malformed version: a page of unknown age, refused as
        stale by the form (a hidden field's own error would show nowhere)."""
        try:
            return super().clean(value)
        except forms.ValidationError:
            return None

    def bound_data(self, data, initial):
        return initial


class SettingVersionForm(forms.ModelForm):
    """Put before a stored setting's form by `SettingHistoryShown`: refused when the setting
    changed after the page was worked out."""

    version = SettingVersionField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["version"] = setting_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        shown = cleaned.get("version")
        if shown != self.initial["version"]:
            self.add_error(None, stale_page_refusal(self.instance, shown or 0))
        return cleaned


def stale_page_refusal(setting: models.Model, shown: int) -> str:
    """Who changed `setting` since the page's version `shown`, when and what (the last
    change; the history below the form has the others)."""
    kind = setting._meta.verbose_name
    kept = "Your values are still in the form: check them against"
    changes = setting_changes_since(setting, shown)
    if not changes:  # a page of unknown age
        return (
            f"Nothing was saved: this page may be older than the {kind}. {kept} the change "
            "history below, then save again."
        )
    last = changes[-1]
    earlier = len(changes) - 1
    others = f"; and {earlier} earlier change{'s' if earlier > 1 else ''}" if earlier else ""
    fields = "; ".join(
        f"{_label(name)}: {_shown(before, setting, name)} → {_shown(after, setting, name)}"
        for name, (before, after) in last.changes.items()
    )
    return (
        f"Nothing was saved: {ActorNames([last.actor]).label(last.actor)} changed this {kind} "
        f"at {when(last.created_at)}, after you opened this page ({fields}{others}: see "
        f"the change history below). {kept} that change, then save again."
    )


class SettingHistoryShown:
    """A ModelAdmin mixin for a setting saved through `setting_save`: the change page ends
    with the setting's change history, and a save from a page older than the setting is
    refused (`SettingVersionForm`, and the service for a save racing another: the page is
    then worked out again, `backoffice.admin_base.ModelAdmin`)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and self.has_change_permission(request, obj):
            form = kwargs.get("form", self.form)
            kwargs["form"] = type(form.__name__, (SettingVersionForm, form), {})
        return super().get_form(request, obj, change, **kwargs)

    def version_shown(self, form: forms.ModelForm) -> int | None:
        """The version of the page a stored setting was edited on; none for a new one."""
        return form.cleaned_data.get("version")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "change_history") if obj is not None else readonly

    def get_fields(self, request, obj=None):
        """The history last, after the read-only fields an admin adds to its own."""
        fields = [name for name in super().get_fields(request, obj) if name != "change_history"]
        return [*fields, "change_history"] if obj is not None else fields

    @display(description="Change history")
    def change_history(self, setting: models.Model) -> SafeString:
        return setting_history_list(setting)

    def history_view(self, request, object_id, extra_context=None):
        """The History button opens the page's own change history, each field from what to
        what: Django's said only "Changed Rate." (outside probe FD-2: a corrected VAT rate
        left no trace of the rate before it there)."""
        self.require(request, "view")
        opts = self.model._meta
        page = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
        return redirect(f"{page}#{HISTORY_ANCHOR}")


def setting_history_list(setting: models.Model) -> SafeString:
    """A list rather than a table: a long value wraps on a phone's width."""
    changes = list(setting_history(setting))
    if not changes:
        return format_html(
            '<p id="{}">No change recorded since the history began.</p>', HISTORY_ANCHOR
        )
    names = ActorNames(change.actor for change in changes)
    entries = format_html_join(
        "",
        "<li><p>{} · {}</p><ul>{}</ul></li>",
        (
            (when(change.created_at), names(change.actor).label, _what_changed(change, setting))
            for change in changes
        ),
    )
    return format_html('<ol class="bo-setting-history" id="{}">{}</ol>', HISTORY_ANCHOR, entries)


def _what_changed(change: SettingChange, setting: models.Model) -> SafeString:
    return format_html_join(
        "",
        "<li>{}: {} → {}</li>",
        (
            (_label(name), _shown(before, setting, name), _shown(after, setting, name))
            for name, (before, after) in change.changes.items()
        ),
    )


def _label(name: str) -> str:
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def _shown(value: Any, setting: models.Model, name: str) -> str:
    """A value of `setting`'s field `name` as the JSON of the history keeps it: money
    ({amount, currency}), a list of [id, name] (a many-to-many field), a flag, a moment (of
    a date-and-time field: a text that looks like one reads as typed, outside probes DT-1
    and DZ-3), a text."""
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, dict):
        return format_money(value["amount"], value["currency"])
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(name for _, name in value)
    if _is_moment(setting, name) and isinstance(value, str):
        return _moment(value)
    return str(value)


def _is_moment(setting: models.Model, name: str) -> bool:
    try:
        return isinstance(setting._meta.get_field(name), models.DateTimeField)
    except FieldDoesNotExist:  # a currency's terms ("amount_off (EUR)"), say
        return False


def _moment(value: str) -> str:
    """A moment to the minute, as the lists show it (outside probe DR-3)."""
    return when(datetime.fromisoformat(value))
