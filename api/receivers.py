from django.utils import timezone

from api.models import ApiToken


def forget_erased_customers_tokens(sender, user_id: int, **kwargs) -> None:
    ApiToken.objects.filter(user_id=user_id).delete()


def revoke_tokens_of_replaced_password(sender, user_id: int, **kwargs) -> int:
    """The customer's active tokens stop now; how many."""
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
