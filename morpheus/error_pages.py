"""The 400 page, as Django's own but for its way back: a staff page's bad request leads
back to the staff dashboard, not to the comics."""

from django.http import HttpRequest, HttpResponseBadRequest
from django.template import loader


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    # Rendered without the request, as Django does: a request that is bad in itself (its
    # host, its cookies) could raise again while the page reads it. Only its path is read.
    staff_page = request.path.startswith("/admin/")
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"staff_page": staff_page}))
