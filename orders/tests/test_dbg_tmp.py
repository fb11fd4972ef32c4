import pytest
from django.urls import reverse
from morpheus_testing.factories import ComicFactory, UserFactory

@pytest.mark.django_db
def test_dbg(client):
    comic = ComicFactory(title="Night Owl")
    customer = UserFactory()
    client.post(reverse("orders:cart_add", args=[comic.pk]))
    print("session", dict(client.session))
    r = client.post(reverse("login"), {"username": customer.username, "password": "correct-horse-battery"})
    print(r.status_code, r.get("Location"), r.text[:3000] if r.status_code != 302 else "")
    print("session after", dict(client.session))
