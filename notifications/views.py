from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from morpheus.sign_in import login_required
from notifications.forms import EmailPreferenceForm
from notifications.selectors import file_update_emails_wanted
from notifications.services import email_preference_set


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in customer's email choices (the account page links here)."""
    saved = False
    if request.method == "POST":
        form = EmailPreferenceForm(request.POST)
        if form.is_valid():
            email_preference_set(
                user_id=request.user.pk, file_updates=form.cleaned_data["file_updates"]
            )
            saved = True
    wanted = file_update_emails_wanted(user_id=request.user.pk)
    form = EmailPreferenceForm(initial={"file_updates": wanted})
    return render(request, "notifications/preferences.html", {"form": form, "saved": saved})
