"""The order number in the customer's URLs (`<order_number:number>`), read as people type
it: "/orders/mo-7k3q-m2xd/" is the page of MO-7K3Q-M2XD, as the back office's search reads
it. What is not an order number goes on to the view as it is, which finds no order."""

from orders.numbers import order_number_as_typed


class OrderNumberConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return order_number_as_typed(value) or value

    def to_url(self, value: str) -> str:
        return value
