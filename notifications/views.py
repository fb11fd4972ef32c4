from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from morpheus.sign_in import login_required
from notifications.forms import EmailPreferenceForm
from notifications.selectors import file_update_emails_wanted, stop_link_reach
from notifications.services import email_preference_set, file_update_emails_stop
from notifications.stop_links import sent_to, stop_link_read


@login_required
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


@require_http_methods(["GET", "HEAD", "POST"])
def file_updates_stop(request: HttpRequest, token: str) -> HttpResponse:
    """The file-update email's stop link, signed in or not: asks, then stops on the press
    of a button (a mail scanner that follows links stops nothing); says so when they are
    stopped already, when the details it was sent for were erased, or when staff
    deactivated the account (nothing was erased, but it is emailed no more)."""
    link = stop_link_read(token)
    if link is None:
        raise Http404("This link is not one we sent.")
    reach = stop_link_reach(user_id=link.user_id)
    # Sent to an address the account has left: its reader is no longer the one emailed
    # (outside probe FZ-1: the old mailbox's reader turned off the new address's emails).
    moved = not reach.erased and not sent_to(link, reach.email)
    stopped = (
        request.method == "POST"
        and not moved
        and bool(file_update_emails_stop(user_id=link.user_id))
    )
    if stopped:  # what the page says of the emails now
        reach = stop_link_reach(user_id=link.user_id)
    return render(
        request,
        "notifications/file_updates_stop.html",
        {
            "moved": moved,
            "stopped": stopped,
            "guest": reach.guest,
            "erased": reach.erased,
            "inactive": not reach.accounts,
            "already_stopped": not reach.wanted,
        },
    )
