"""The staff site: the theme's admin site with its application list kept between requests.

Django builds the sidebar's list of every registered model (about sixty, dj-stripe's
included) on each page, reversing two URLs per model; that was a tenth of the order list's
time. What the list holds depends only on what the user may do (every ModelAdmin here
decides from the user's permissions) and on the URL prefix, so it is built once per set of
permissions and prefix and shared, read-only, by the requests that follow. Pages get that
key as `app_list_key`: the sidebar's rendered HTML is kept under it too
(templates/unfold/helpers/navigation.html), so the sidebar's links (`sidebar_navigation`,
eight URLs and permission checks) are worked out only when that HTML is rendered. The
whole sidebar (with the signed-in user's menu) is kept under `sidebar_key`.
"""

from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods
from unfold.sites import UnfoldAdminSite

from accounts.services import password_replaced

PAGE_METHODS = ["GET", "HEAD", "POST"]


class StaffAdminSite(UnfoldAdminSite):
    empty_value_display = "—"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists: dict[tuple, list[dict]] = {}

    def admin_view(self, view, cacheable=False):
        """Every staff page takes GET, HEAD and POST, and answers any other method 405 after
        the sign-in check (outside probe HC-3: the refund and gift screens answered a PUT or
        a DELETE with their form, 200, as Django's own admin pages do)."""
        return super().admin_view(require_http_methods(PAGE_METHODS)(view), cacheable)

    def password_change(self, request, extra_context=None):
        """Django's page, then what a changed password does for any account
        (`accounts.services.password_replaced`): failed sign-ins forgotten, API tokens made
        with the old one stopped, the address told."""
        response = super().password_change(request, extra_context)
        if request.method == "POST" and response.status_code == 302:  # changed
            password_replaced(user_id=request.user.pk)
        return response

    def app_list_key(self, request, app_label=None) -> tuple:
        user = request.user
        permissions = "all" if user.is_superuser else frozenset(user.get_all_permissions())
        return (get_script_prefix(), user.is_active, permissions, app_label)

    def get_app_list(self, request, app_label=None) -> list[dict]:
        key = self.app_list_key(request, app_label)
        if key not in self._app_lists:
            self._app_lists[key] = super().get_app_list(request, app_label)
        return self._app_lists[key]

    def each_context(self, request) -> dict:
        app_list_key = self.app_list_key(request)
        return {
            **super().each_context(request),
            "app_list_key": app_list_key,
            "sidebar_key": self.sidebar_key(request, app_list_key),
        }

    def sidebar_key(self, request, app_list_key: tuple) -> tuple | None:
        """Everything the whole sidebar shows follows from: the application list's key,
        the page (its active item, the search box's term), the language, who is signed in
        (name, address, avatar), and the shortcut shown for a Mac (the theme's search).
        None (not kept) for a visitor not signed in: the login page."""
        user = request.user
        if not user.is_authenticated:
            return None
        return (
            "sidebar",
            app_list_key,
            request.get_full_path(),
            get_language(),
            user.pk,
            user.get_username(),
            user.get_full_name(),
            getattr(user, "email", ""),
            "Macintosh" in request.META.get("HTTP_USER_AGENT", ""),
        )

    def login(self, request, extra_context=None):
        """Signing in at /admin/login/ leads to the dashboard, not the shop's home page:
        the theme's form posts to its own address, so that address names where to go. It
        takes the methods every staff page takes (outside probe HE-3: a PUT got the form)."""
        if request.method not in PAGE_METHODS:
            return HttpResponseNotAllowed(PAGE_METHODS)
        if request.method == "GET" and REDIRECT_FIELD_NAME not in request.GET:
            dashboard = reverse("admin:index", current_app=self.name)
            return redirect(f"{request.path}?{urlencode({REDIRECT_FIELD_NAME: dashboard})}")
        return super().login(request, extra_context)

    def get_sidebar_list(self, request) -> list[dict]:
        build = super().get_sidebar_list
        return SimpleLazyObject(lambda: build(request))
