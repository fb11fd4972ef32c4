"""The customer's API tokens: create one (its secret is shown once) and revoke it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api import selectors, services
from api.forms import TokenForm
from morpheus.sign_in import login_required
from orders.guests import is_guest


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if is_guest(request.user):
        messages.info(request, "API tokens belong to accounts: create one to get a token.")
        return redirect("signup")
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_issue(
                user=request.user,
                name=form.cleaned_data["name"],
                form_key=form.cleaned_data["form_key"],
            )
        except services.TokenFormAlreadySent as sent:
            messages.info(request, str(sent))
        form = TokenForm()
    context = {
        "form": form,
        "issued": issued,
        "tokens": selectors.api_tokens_for(user=request.user),
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_tokens_for(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token.")
    services.api_token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” is revoked.")
    return redirect("api:tokens")
