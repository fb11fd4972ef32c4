"""The order list's table: the theme's markup at a fraction of its cost.

The theme (django-unfold) rebuilds every column header, with three sort URLs each, for
every row, renders a template for each status badge and each checkbox, and includes a
template per row. Here each column is compiled once per page into a function from a row to
its cell's HTML (its tags, its source: the model's field or the ModelAdmin's display
function, and for the link the URL with the filters kept), and the rows are joined into one
string; the badges (one per status), the checkbox and the headers' HTML are kept per worker
(backoffice/fragments.py). `ShownColumnsChangeList` reads only the columns the list shows.
For lists without editable fields, opened as a page (not a popup): the order list.
"""

import datetime
import html
from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
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
from django.core.paginator import Page, Paginator
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from unfold.admin import checkbox
from unfold.templatetags.unfold_list import (
    CHECKBOX_CLASSES,
    LINK_CLASSES,
    ROW_CLASSES,
    result_headers,
)
from unfold.utils import display_for_field, display_for_label, display_for_value

from backoffice.changelist import ChangeList as BackofficeChangeList
from backoffice.fragments import FRAGMENTS

_PK_MARKER = "PRIMARY-KEY"


class _Column:
    """A column's opening and closing tags (with and without `nowrap`), built once."""

    def __init__(self, cl: ChangeList, index: int, name: str, header: str, is_th: bool):
        classes = [f"field-{_coerce_field_name(name, index)}", *ROW_CLASSES]
        if name == "action_checkbox":
            classes = CHECKBOX_CLASSES
        tag = "th" if is_th else "td"
        label = conditional_escape(capfirst(header))  # as the header reads, no CSS capitals
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


_Cell = Callable[[models.Model], str]
_STRIPES = ("", "bg-base-50 dark:bg-white/[.02]")
_ROW_OPEN = (
    '<tbody class="block relative lg:table-row-group {}" x-data="{{rowOpen: false}}">\n'
    '<tr class="data-row block border border-base-200 mb-3 relative rounded-default '
    'lg:table-row lg:border-none lg:mb-0 lg:rounded-none dark:border-base-800">'
)
_ROW_OPENS = tuple(_ROW_OPEN.format(classes) for classes in _STRIPES)
_ROW_CLOSE = "</tr>\n</tbody>\n"


def _checkbox() -> str:
    """The theme's row checkbox (a widget's template), its value a placeholder."""
    return FRAGMENTS.get_or_render(
        ("list-row-checkbox", get_language()),
        lambda: str(checkbox.render(ACTION_CHECKBOX_NAME, _PK_MARKER)),
    )


class _Rows:
    """One page's row renderer: each column compiled once into a function from a row to
    its cell's HTML, so a row costs its values and one string join."""

    def __init__(self, cl: ChangeList):
        self.cl = cl
        self.empty = cl.model_admin.get_empty_value_display()
        self.labels: dict[tuple[str, object], str] = {}
        self.cells = [self._cell(column) for column in _columns(cl)]

    def html(self, result: models.Model) -> str:
        return "".join([cell(result) for cell in self.cells])

    def body(self, results) -> SafeString:
        """Every row in its own `<tbody>`, striped like the theme's."""
        return mark_safe(  # noqa: S308 (built from escaped parts)
            "".join(
                f"{_ROW_OPENS[index % 2]}{self.html(result)}{_ROW_CLOSE}"
                for index, result in enumerate(results)
            )
        )

    def _cell(self, column: _Column) -> _Cell:
        if column.name == "action_checkbox":
            before, after = _checkbox().split(_PK_MARKER)
            start, end = column.open + before, after + column.close
            return lambda result: f"{start}{int(result.pk)}{end}"
        if column.attr is not None and not column.is_link:
            return self._display_cell(column)
        text = self._text(column)
        if column.is_link:
            text = self._linked(text)
        wrapped, plain = column.open_nowrap, column.open

        def cell(result: models.Model) -> str:
            value, nowrap = text(result)
            return f"{wrapped if nowrap else plain}{value}{column.close}"

        return cell

    def _display_cell(self, column: _Column) -> _Cell:
        """A display function's cell, with a short way for the text most of them return."""
        attr, name, options = column.attr, column.name, column.options
        plain, wrapped, close = column.open, column.open_nowrap, column.close
        if options.label:
            return lambda result: f"{plain}{self._label(name, attr(result), options)}{close}"

        def cell(result: models.Model) -> str:
            value = attr(result)
            if type(value) is str and not options.boolean:
                return f"{plain}{html.escape(value)}{close}"
            text, nowrap = self._display(name, value, options)
            return f"{wrapped if nowrap else plain}{text}{close}"

        return cell

    def _text(self, column: _Column) -> Callable[[models.Model], tuple[str, bool]]:
        """The column's escaped text for a row, and whether it must not wrap."""
        name, field, attr, options = column.name, column.field, column.attr, column.options
        if field is not None and not field.auto_created:
            nowrap = isinstance(field, models.DateField | models.TimeField | models.ForeignKey)
            empty = self.empty
            return lambda result: (
                _escape(display_for_field(getattr(result, name), field, empty)),
                nowrap,
            )
        if field is not None:
            return lambda result: self._display(name, getattr(result, name), _options(None))
        if attr is not None:
            return lambda result: self._display(name, attr(result), options)
        return self._looked_up(name)

    def _looked_up(self, name: str) -> Callable[[models.Model], tuple[str, bool]]:
        admin = self.cl.model_admin

        def text(result: models.Model) -> tuple[str, bool]:
            field, attr, value = lookup_field(name, result, admin)
            if field is not None and not field.auto_created:
                nowrap = isinstance(field, models.DateField | models.TimeField | models.ForeignKey)
                return _escape(display_for_field(value, field, self.empty)), nowrap
            return self._display(name, value, _options(attr))

        return text

    def _display(self, name: str, value: object, options: _Options) -> tuple[str, bool]:
        if options.label:
            return self._label(name, value, options), False
        if isinstance(value, str) and not options.boolean:  # what display_for_value returns
            return _escape(value), False
        empty = self.empty if options.empty is None else options.empty
        nowrap = isinstance(value, datetime.date | datetime.time)
        return _escape(display_for_value(value, empty, options.boolean)), nowrap

    def _label(self, name: str, value: object, options: _Options) -> str:
        """A badge: the theme renders a template for it, so it is kept per value."""
        empty = self.empty if options.empty is None else options.empty

        def badge() -> str:
            return _escape(display_for_label(value, empty, options.label))

        try:
            if (name, value) not in self.labels:
                key = ("list-label", self.cl.opts.label, name, value, empty, get_language())
                self.labels[name, value] = FRAGMENTS.get_or_render(key, badge)
            return self.labels[name, value]
        except TypeError:  # a value that cannot be a key
            return badge()

    def _linked(self, text):
        """`text` in the link to the row's change page (filters kept): one reverse() a
        page, the rows' links differing by their key only."""
        url = reverse(
            admin_urlname(self.cl.opts, "change"),
            args=[_PK_MARKER],
            current_app=self.cl.model_admin.admin_site.name,
        )
        context = {"preserved_filters": self.cl.preserved_filters, "opts": self.cl.opts}
        before, after = html.escape(add_preserved_filters(context, url)).split(_PK_MARKER, 1)
        classes = " ".join([*LINK_CLASSES, "bo-row-link"])
        start, end = f'<a href="{before}', f'" class="{classes}" >'

        def linked(result: models.Model) -> tuple[str, bool]:
            value, nowrap = text(result)
            key = html.escape(quote(str(result.pk)))
            return f"{start}{key}{after}{end}{value}</a>", nowrap

        return linked


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


class NearestPagePaginator(Paginator):
    """A page number past the last (`?p=99`) gives the last page, one before the first the
    first, instead of the admin's "could not be read" (`ShownColumnsChangeList` says so)."""

    def page(self, number) -> Page:
        return super().page(min(max(int(number), 1), self.num_pages))


class ShownColumnsChangeList(BackofficeChangeList):
    """A list whose page of rows its ModelAdmin shapes with `list_page_rows(rows)` (the
    count and the export are not shaped): the order list reads only the columns it shows,
    so its rows become objects at a fraction of the cost of every column; the discount
    codes learn their costs in one query for the page. With a `NearestPagePaginator`, a
    page that does not exist shows the nearest one and says so."""

    def get_results(self, request) -> None:
        super().get_results(request)
        self.result_list = self.model_admin.list_page_rows(self.result_list)
        if isinstance(self.paginator, NearestPagePaginator):
            last = self.paginator.num_pages  # of the count read already
            shown = min(max(self.page_num, 1), last)
            if shown != self.page_num:
                messages.info(
                    request, f"There is no page {self.page_num}: this is page {shown} of {last}."
                )
                self.page_num = shown


def result_list(cl: ChangeList) -> dict:
    """The context of `backoffice/order_list_results.html`."""
    headers = _Headers(cl)
    rows = _Rows(cl)
    return {
        "cl": cl,
        # The columns shown follow the user's actions (the checkbox column) too.
        "headers_key": (
            "order-list-headers",
            cl.opts.label,
            tuple(cl.list_display),
            cl.get_query_string(),
            get_language(),
        ),
        "result_headers": SimpleLazyObject(lambda: headers.items),
        "num_sorted_fields": SimpleLazyObject(lambda: headers.num_sorted),
        "rows": rows.body(cl.result_list) if cl.result_list else "",
    }
