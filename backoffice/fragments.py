"""Parts of staff pages rendered once and kept, per worker process, under the key of
everything they are made from.

The theme renders the sidebar's application list and the order list's filter panel with
dozens of includes and form widgets on every page; together they were about a third of the
order list's rendering. Their HTML is a function of a few inputs (the user's permissions,
the path, the query string, the language), so each is rendered once per key and reused.
The newest `SIZE` fragments are kept; a fragment is a few tens of kilobytes. A form's CSRF
token is kept as a placeholder and each page gets its own request's token there.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

SIZE = 256


class Fragments:
    def __init__(self, size: int = SIZE):
        self.size = size
        self._kept: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        html = render()
        with self._lock:
            self._kept[key] = html
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._kept)


FRAGMENTS = Fragments()


_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = "\x00csrf-token\x00"


def without_csrf_token(html: str) -> str:
    """`html` with its forms' CSRF tokens (masked for one request) as a placeholder."""
    return _CSRF_INPUT.sub(rf"\g<1>{_CSRF_PLACEHOLDER}\g<2>", html)


def with_csrf_token(html: str, token: object) -> str:
    """Kept `html` with this request's CSRF token in its forms."""
    if _CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(_CSRF_PLACEHOLDER, str(token or ""))
