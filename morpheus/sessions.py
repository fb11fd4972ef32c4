"""Sessions in PostgreSQL that the app role cannot list: `SESSION_ENGINE = "morpheus.sessions"`.

The app role has no privilege on `django_session`; it reaches a session only through the
owner's `SECURITY DEFINER` functions (morpheus 0004), each keyed by the session key. SQL
injected into a query can therefore read, change or delete a session only if it already
knows its key, and never list them. One statement per operation, like Django's own store.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def _call(sql: str, params: list) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


class SessionStore(SessionBase):
    def load(self) -> dict:
        data = None
        if self.session_key is not None:
            data = _call(
                "SELECT public.morpheus_session_load(%s, %s)", [self.session_key, timezone.now()]
            )
        if data is None:
            self._session_key = None
            return {}
        return self.decode(data)

    def exists(self, session_key: str) -> bool:
        return _call("SELECT public.morpheus_session_exists(%s)", [session_key])

    def create(self) -> None:
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue  # the key was taken: draw another
            self.modified = True
            return

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            self.create()
            return
        data = self._get_session(no_load=must_create)
        saved = _call(
            "SELECT public.morpheus_session_save(%s, %s, %s, %s)",
            [
                self._get_or_create_session_key(),
                self.encode(data),
                self.get_expiry_date(),
                must_create,
            ],
        )
        if not saved:
            raise CreateError if must_create else UpdateError

    def delete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key is not None:
            _call("SELECT public.morpheus_session_delete(%s)", [session_key])

    @classmethod
    def create_under(cls, session_key: str, data: dict, *, seconds: int) -> None:
        """A session under a key that was just given up (see accounts' guest checkout),
        holding `data` for `seconds`: the requests still carrying that key find it."""
        store = cls(session_key)
        store._session_cache = dict(data)
        store.set_expiry(seconds)
        store.save(must_create=True)

    @classmethod
    def clear_expired(cls) -> None:
        _call("SELECT public.morpheus_session_clear_expired(%s)", [timezone.now()])


def opens_visitor_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a page a visitor adds to their cart from, and the pages from which they come back
    to one (signing in or up, signing out: the tabs they left open): a visitor without a
    session gets one with the page. What they then send at once (two adds from two tabs, a
    double click) shares it, and its changes take turns (`orders.session_cart`); sent without
    one, each add would start a session of its own, and the browser would keep only one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        anonymous = not request.user.is_authenticated
        if response.status_code < 400 and anonymous and request.session.session_key is None:
            request.session.save()  # created: the response sets its cookie
        return response

    return wrapper
