"""The query parameters each operation accepts, checked before it runs and described in the
schema from the same declaration: what the schema offers is exactly what the server takes."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.http import QueryDict

from api.exceptions import InvalidQueryParameter, PageNotFound

PAGE_NUMBER = "page[number]"
PAGE_SIZE = "page[size]"
# No list has this many pages: a page number above it is past the last page, however long.
PAGE_NUMBER_BEYOND_ALL = 10**18
NO_SUCH_PAGE = "There is no such page."


@dataclass(frozen=True)
class QuerySpec:
    """`sort` terms (each also descending with `-`), `include` paths, `fields[type]` names
    per type, `filter[...]` values per filter, and whether the list is paginated."""

    sort: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    paginated: bool = False

    @property
    def sort_terms(self) -> tuple[str, ...]:
        return tuple(term for name in self.sort for term in (name, f"-{name}"))


NO_QUERY = QuerySpec()


def fields_selectable(serializer_class: type) -> tuple[str, ...]:
    """What `fields[type]` may name of a resource: its serializer's fields but `url`, which
    is its `links.self`, not one of its fields (outside probe HX-3: `fields[orders]=url`
    was offered, and answered a resource with no attributes)."""
    return tuple(name for name in serializer_class.Meta.fields if name != "url")


def query_validate(*, params: QueryDict, spec: QuerySpec) -> None:
    """Refuses (400, naming the parameter) anything `spec` does not allow."""
    for name in params:
        values = params.getlist(name)
        if len(values) > 1:
            raise InvalidQueryParameter(name, f"Give {name} only once.")
        _check(name, values[0], spec)


def _check(name: str, value: str, spec: QuerySpec) -> None:
    if name == "sort" and spec.sort:
        _check_list(name, value, spec.sort_terms)
    elif name == "include" and spec.include:
        _check_list(name, value, spec.include)
    elif name.startswith("fields[") and name[7:-1] in spec.fields and name.endswith("]"):
        _check_list(name, value, spec.fields[name[7:-1]])
    elif name in spec.filters:
        if value not in spec.filters[name]:
            raise InvalidQueryParameter(name, f"Unknown value {value!r} for {name}.")
    elif name in (PAGE_NUMBER, PAGE_SIZE) and spec.paginated:
        _check_page(name, value)
    else:
        raise InvalidQueryParameter(name, f"This operation does not support {name}.")


def _check_list(name: str, value: str, allowed: tuple[str, ...]) -> None:
    """A comma-separated list of allowed values; an empty one (`include=`) names the empty
    value, which no list allows."""
    items = value.split(",")
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise InvalidQueryParameter(
            name, f"Unknown {name} value(s): {', '.join(map(repr, unknown))}."
        )


def _check_page(name: str, value: str) -> None:
    highest = settings.API_MAX_PAGE_SIZE if name == PAGE_SIZE else None
    if not value.isascii() or not value.isdigit() or not value.strip("0"):
        raise InvalidQueryParameter(name, f"{name} must be a positive integer.")
    if highest is not None and _number(value) > highest:
        raise InvalidQueryParameter(name, f"{name} must be at most {highest}.")
    if _number(value) > PAGE_NUMBER_BEYOND_ALL:
        raise PageNotFound(name, NO_SUCH_PAGE)


def _number(digits: str) -> int:
    """The number the digits write, up to one above PAGE_NUMBER_BEYOND_ALL: Python refuses
    to read numbers of over 4,300 digits."""
    significant = digits.lstrip("0")
    if len(significant) > len(str(PAGE_NUMBER_BEYOND_ALL)):
        return PAGE_NUMBER_BEYOND_ALL + 1
    return int(significant)
