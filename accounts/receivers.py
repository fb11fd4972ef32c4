from django.contrib import messages

from orders.session_cart import merge_into_customer_cart


def keep_visitor_cart(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        owned = merge_into_customer_cart(request.session, user)
        if owned:
            messages.info(
                request,
                f"Already in your library, so left out of your cart: {', '.join(owned)}.",
                fail_silently=True,
            )
