"""The 400 and 403 pages, as Django's own but for where they lead: a staff page's bad
request leads back to the staff dashboard, not to the comics, and a staff page refused to a
member of staff is shown in the back office, with its navigation."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.template import loader
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    # Rendered without the request, as Django does: a request that is bad in itself (its
    # host, its cookies) could raise again while the page reads it. Only its path is read.
    staff_page = request.path.startswith("/admin/")
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"staff_page": staff_page}))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    user = getattr(request, "user", None)
    if not (request.path.startswith("/admin/") and user is not None and user.is_staff):
        return defaults.permission_denied(request, exception)
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "title": "Not allowed",
        "exception": str(exception),
    }
    return HttpResponseForbidden(loader.render_to_string("backoffice/403.html", context, request))
