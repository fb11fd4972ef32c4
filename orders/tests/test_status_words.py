from orders.status_words import customer_status
from orders.transitions import OrderStatus


def test_fulfilled_and_delivered_read_as_one_customer_word():
    assert customer_status("fulfilled") == customer_status("delivered") == "Ready to download"


def test_every_status_has_words_a_customer_understands():
    words = {status: customer_status(status) for status in OrderStatus.values}

    assert all(word and word[0].isupper() for word in words.values())
    assert words["processing"] == "Confirming payment"
