"""The order list's table: the theme's markup at a fraction of its cost.

The theme (django-unfold) rebuilds every column header, with three sort URLs each, for
every row, renders a template for each status badge and each checkbox, and includes a
template per row. Here each column's opening tag and source (the model's field or the
ModelAdmin's display function) and the rows' link (filters kept) are worked out once per
page, a badge once per status, and a row costs its values and one string join; the headers'
HTML is kept per query string (backoffice/fragments.py). For lists without editable fields,
opened as a page (not a popup): the order list.
"""

import datetime
import html
from typing import NamedTuple

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters, admin_urlname
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    label_for_field,
    lookup_field,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from unfold.admin import checkbox
from unfold.templatetags.unfold_list import (
    CHECKBOX_CLASSES,
    LINK_CLASSES,
    ROW_CLASSES,
    result_headers,
)
from unfold.utils import display_for_field, display_for_label, display_for_value

_PK_MARKER = "PRIMARY-KEY"


class _Column:
    """A column's opening and closing tags (with and without `nowrap`), built once."""

    def __init__(self, cl: ChangeList, index: int, name: str, header: str, is_th: bool):
        classes = [f"field-{_coerce_field_name(name, index)}", *ROW_CLASSES]
        if name == "action_checkbox":
            classes = CHECKBOX_CLASSES
        tag = "th" if is_th else "td"
        label = conditional_escape(header)
        self.name = name
        self.is_link = name in cl.list_display_links
        self.open = f'<{tag} class="{" ".join(classes)}" data-label="{label}">'
        self.open_nowrap = f'<{tag} class="{" ".join(classes)} nowrap" data-label="{label}">'
        self.close = f"</{tag}>"
        self.field, self.attr = _source(cl, name)
        self.options = _options(self.attr)


class _Options(NamedTuple):
    """How a display function asks for its values to be shown (`@display(...)`)."""

    empty: str | None
    label: object
    boolean: bool


def _options(attr: object) -> _Options:
    return _Options(
        getattr(attr, "empty_value_display", None),
        getattr(attr, "label", False),
        getattr(attr, "boolean", False),
    )


def _escape(value: object) -> str:
    """`conditional_escape` without its check for lazy strings, called for every cell."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _source(cl: ChangeList, name: str) -> tuple[models.Field | None, object]:
    """What `lookup_field` would find for the column, found once a page: the model's field,
    or the ModelAdmin's display function; (None, None) leaves it to `lookup_field` per row
    (model attributes, related paths)."""
    if name == "action_checkbox":
        return None, None
    try:
        return _get_non_gfk_field(cl.opts, name), None
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        pass
    if callable(name):
        return None, name
    if hasattr(cl.model_admin, name) and name != "__str__":
        return None, getattr(cl.model_admin, name)
    return None, None


def _columns(cl: ChangeList) -> list[_Column]:
    columns, before_first_link = [], True
    for index, name in enumerate(cl.list_display):
        is_link = name in cl.list_display_links
        header = (
            label_for_field(name, cl.model, model_admin=cl.model_admin)
            if index or is_link
            else gettext("Select record")
        )
        columns.append(_Column(cl, index, name, header, is_th=is_link and before_first_link))
        before_first_link = before_first_link and not is_link
    return columns


class _Rows:
    """One page's row renderer: what is the same for every row is computed once."""

    def __init__(self, cl: ChangeList):
        self.cl = cl
        self.columns = _columns(cl)
        self.empty = cl.model_admin.get_empty_value_display()
        self.labels: dict[tuple[str, object], SafeString] = {}
        self.link: str | None = None
        self.link_classes = " ".join([*LINK_CLASSES, "bo-row-link"])
        self.checkbox = str(checkbox.render(ACTION_CHECKBOX_NAME, _PK_MARKER))

    def html(self, result: models.Model) -> SafeString:
        return mark_safe("".join(self._cell(column, result) for column in self.columns))  # noqa: S308 (built from escaped parts)

    def _cell(self, column: _Column, result: models.Model) -> str:
        value, nowrap = self._value(column, result)
        text = _escape(value)
        if column.is_link:
            url = html.escape(self._url(result))
            text = f'<a href="{url}" class="{self.link_classes}" >{text}</a>'
        return f"{column.open_nowrap if nowrap else column.open}{text}{column.close}"

    def _value(self, column: _Column, result: models.Model) -> tuple[object, bool]:
        if column.name == "action_checkbox":
            return mark_safe(self.checkbox.replace(_PK_MARKER, str(int(result.pk)))), False  # noqa: S308 (the theme's widget, an integer)
        if column.field is not None:
            field, attr, value = column.field, None, getattr(result, column.name)
        elif column.attr is not None:
            return self._display(column.name, column.attr(result), column.options)
        else:
            field, attr, value = lookup_field(column.name, result, self.cl.model_admin)
        if field is not None and not field.auto_created:
            nowrap = isinstance(field, models.DateField | models.TimeField | models.ForeignKey)
            return display_for_field(value, field, self.empty), nowrap
        return self._display(column.name, value, _options(attr))

    def _display(self, name: str, value: object, options: _Options) -> tuple[object, bool]:
        empty = self.empty if options.empty is None else options.empty
        if options.label:
            key = (name, value)
            if key not in self.labels:
                self.labels[key] = display_for_label(value, empty, options.label)
            return self.labels[key], False
        nowrap = isinstance(value, datetime.date | datetime.time)
        return display_for_value(value, empty, options.boolean), nowrap

    def _url(self, result: models.Model) -> str:
        if self.link is None:  # one reverse() a page: the rows' links differ by the key only
            url = reverse(
                admin_urlname(self.cl.opts, "change"),
                args=[_PK_MARKER],
                current_app=self.cl.model_admin.admin_site.name,
            )
            context = {"preserved_filters": self.cl.preserved_filters, "opts": self.cl.opts}
            self.link = add_preserved_filters(context, url)
        return self.link.replace(_PK_MARKER, quote(str(result.pk)), 1)


class _Headers:
    """The theme's column headers (three sort links each), worked out only when their
    HTML is rendered: it is kept per query string (backoffice/fragments.py)."""

    def __init__(self, cl: ChangeList):
        self.cl = cl

    @cached_property
    def items(self) -> list[dict]:
        return list(result_headers(self.cl))

    @cached_property
    def num_sorted(self) -> int:
        return sum(1 for h in self.items if h["sortable"] and h["sorted"])


def result_list(cl: ChangeList) -> dict:
    """The context of `backoffice/order_list_results.html`."""
    headers = _Headers(cl)
    rows = _Rows(cl)
    return {
        "cl": cl,
        "headers_key": ("order-list-headers", cl.opts.label, cl.get_query_string(), get_language()),
        "result_headers": SimpleLazyObject(lambda: headers.items),
        "num_sorted_fields": SimpleLazyObject(lambda: headers.num_sorted),
        "rows": [rows.html(result) for result in cl.result_list],
    }
