from notifications.models import EmailPreference


def file_update_emails_wanted(*, user_id: int | None) -> bool:
    """A guest order (no account) gets them; a customer unless they opted out."""
    if user_id is None:
        return True
    return not EmailPreference.objects.filter(user_id=user_id, file_updates=False).exists()
