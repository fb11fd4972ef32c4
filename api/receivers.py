from django.utils import timezone

from api.models import ApiToken


def forget_erased_customers_tokens(sender, user_id: int, **kwargs) -> None:
    ApiToken.objects.filter(user_id=user_id).delete()


def revoke_tokens_of_replaced_password(sender, user_id: int, **kwargs) -> int:
    """The customer's active tokens stop now; how many."""
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def export_customers_tokens(sender, user_id: int, **kwargs) -> dict[str, list]:
    """The customer's API tokens for their data export: what the tokens page shows."""
    tokens = ApiToken.objects.filter(user_id=user_id).order_by("created_at")
    return {"api_tokens": list(tokens.values("name", "prefix", "created_at", "revoked_at"))}
