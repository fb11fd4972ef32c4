from orders.session_cart import merge_into_customer_cart


def keep_visitor_cart(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        merge_into_customer_cart(request.session, user)
