"""Account emails. Their links are made here, in the job, so no token waits in the queue."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from procrastinate.contrib.django import app

from accounts.models import AccountEmail, AccountEmailKind, ReplacedAddress
from accounts.privacy import account_erase, erasures_resume
from accounts.selectors import replaced_address_reset_window, replaced_address_to_reset
from accounts.services import account_email_record
from accounts.verification import (
    RESTORES_PARAMETER,
    reset_link_state,
    reset_tokens,
    restoring_reset_value,
    verification_url,
)
from morpheus.db_context import system_scope
from morpheus.jobs import job
from morpheus.transactions import one_at_a_time, refuse_inside_transaction
from notifications.models import EmailAddress

User = get_user_model()
logger = logging.getLogger(__name__)
ERASURE_RESUME_AFTER = timedelta(hours=1)
# A reset asked for again this soon after its email went sends none: the link sent works
# (outside probe EW-1: the form sent twice mailed two links, the first then dead).
RESET_EMAIL_AGAIN_AFTER = timedelta(minutes=1)


@job(queue="default")
def send_email_verification(*, address_id: int) -> None:
    """The job's arguments name no address: the queue keeps no personal data."""
    with system_scope():
        address = (
            EmailAddress.objects.select_related("user")
            # An account whose erasure was asked for is inactive until its job erases it.
            .filter(pk=address_id, verified_at__isnull=True, user__is_active=True)
            .first()
        )
    if address is None:
        return
    _send(
        AccountEmailKind.VERIFY_EMAIL,
        user=address.user,
        subject="Confirm your email address",
        to=address.email,
        context={"url": verification_url(user_id=address.user_id, email=address.email)},
    )


@job(queue="default")
def send_address_changed(*, old_address_id: int) -> None:
    """Tell the account's previous, confirmed address that the account now uses another
    (named by its domain only), in case its owner did not make the change."""
    with system_scope():
        old = EmailAddress.objects.select_related("user").filter(pk=old_address_id).first()
        if old is None or not old.user.email or old.user.email.lower() == old.email.lower():
            return
        replaced = (
            ReplacedAddress.objects.filter(user=old.user, email__iexact=old.email)
            .order_by("-replaced_at")
            .first()
        )
    replaced_at = replaced.replaced_at if replaced else timezone.now()
    _send(
        AccountEmailKind.ADDRESS_CHANGED,
        user=old.user,
        subject="The email address of your Morpheus account changed",
        to=old.email,
        context={
            "new_domain": old.user.email.rsplit("@", 1)[-1],
            "url": settings.SITE_URL + reverse("password_reset"),
            "reset_until": replaced_at + replaced_address_reset_window(),
        },
    )


@job(queue="default")
def send_password_changed(*, user_id: int, changed_at: str) -> None:
    """Tell the account's address that its password was replaced, in case its owner did not
    replace it (someone with the password, or with a session left open)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    _send(
        AccountEmailKind.PASSWORD_CHANGED,
        user=user,
        subject="The password of your Morpheus account changed",
        to=user.email,
        context={
            "changed_at": datetime.fromisoformat(changed_at),
            "url": settings.SITE_URL + reverse("password_reset"),
        },
    )


@job(queue="default")
def send_password_reset(*, user_id: int) -> None:
    """Our reset token (`accounts.verification.ResetTokenGenerator`: it changes once the
    password or the address changes)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    _send_reset_link(user=user, to=user.email)


@job(queue="default")
def send_password_reset_to_replaced_address(*, replaced_address_id: int) -> None:
    """A reset asked for with an address the account replaced lately goes to that address
    only, while the notice's promise holds (checked again here)."""
    replaced = replaced_address_to_reset(replaced_address_id=replaced_address_id)
    if replaced is not None:
        restores = restoring_reset_value(user_id=replaced.user_id, replaced_address_id=replaced.pk)
        _send_reset_link(user=replaced.user, to=replaced.email, restores=restores)


def _send_reset_link(*, user: AbstractBaseUser, to: str, restores: str = "") -> None:
    # One at a time per account: the second of two asked for at once finds the first's
    # record.
    with one_at_a_time(f"password-reset:{user.pk}"):
        if not _reset_sent_lately(user=user, to=to):
            _send_reset_email(user=user, to=to, restores=restores)


def _reset_sent_lately(*, user: AbstractBaseUser, to: str) -> bool:
    """Whether a link that still works went to `to` within the minute: one the password or
    address changed since no longer does (outside probe FC-2: none was sent in its place)."""
    with system_scope():
        return AccountEmail.objects.filter(
            user=user,
            kind=AccountEmailKind.PASSWORD_RESET,
            recipient=to,
            sent_at__gt=timezone.now() - RESET_EMAIL_AGAIN_AFTER,
            link_state=reset_link_state(user),
        ).exists()


def _send_reset_email(*, user: AbstractBaseUser, to: str, restores: str) -> None:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": reset_tokens.make_token(user),
        },
    )
    if restores:
        path += "?" + urlencode({RESTORES_PARAMETER: restores})
    _send(
        AccountEmailKind.PASSWORD_RESET,
        user=user,
        subject="Reset your Morpheus password",
        to=to,
        context={"url": settings.SITE_URL + path, "restores": bool(restores)},
        link_state=reset_link_state(user),
    )


def _send(
    kind: AccountEmailKind,
    *,
    user: AbstractBaseUser,
    subject: str,
    to: str,
    context: dict[str, object],
    link_state: str = "",
) -> None:
    """Send, then record what went (`account_email_record`); a send that fails records
    nothing, and the job's retry sends again."""
    refuse_inside_transaction("Sending an account email")
    base = f"accounts/email/{kind.value}"
    context = {"user": user, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()
    account_email_record(user_id=user.pk, kind=kind, recipient=to, link_state=link_state)


@job(queue="default")
def erase_account(*, erasure_id: int) -> None:
    account_erase(erasure_id=erasure_id)


@app.periodic(cron="23 * * * *", periodic_id="resume_erasures")
@job(queue="maintenance", queueing_lock="resume_erasures")
def resume_erasures(*, timestamp: int) -> None:
    """Hourly: an erasure whose job failed (an account squatting the old pseudonym once
    made it fail for good) is queued again, so no request stays undone."""
    resumed = erasures_resume(requested_before=timezone.now() - ERASURE_RESUME_AFTER)
    if resumed:
        logger.warning("queued again %s erasures not done after an hour", resumed)
