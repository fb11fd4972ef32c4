"""Helpers of the back office's tests."""


def as_confirmed(client, url: str, form: dict) -> dict:
    """`form` as its preview's confirm button sends it: staff confirm what they previewed."""
    unconfirmed = {name: value for name, value in form.items() if name != "confirmed"}
    preview = client.post(url, unconfirmed)
    return {**form, "confirmed": "on", "previewed": preview.context["form"]["previewed"].value()}
