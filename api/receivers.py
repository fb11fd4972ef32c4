from api.models import ApiToken


def forget_erased_customers_tokens(sender, user_id: int, **kwargs) -> None:
    ApiToken.objects.filter(user_id=user_id).delete()
