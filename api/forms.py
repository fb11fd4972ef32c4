import uuid

from django import forms

from api.tokens import name_refusal

STALE_FORM = "This form is out of date: reload the page and create the token again."


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “my reader app”.")
    # One per form shown: the same form sent twice (a double click, a reload of the POST, a
    # script repeating its request) names the token already made instead of making another.
    form_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_key"] = uuid.uuid4()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if refusal := name_refusal(name):
            raise forms.ValidationError(refusal)
        return name

    def clean(self):
        """A key missing or mangled is the form's error: a hidden field's read "(Hidden
        field form_key) …", Django's words (outside probe FE-2)."""
        if self.errors.pop("form_key", None):
            raise forms.ValidationError(STALE_FORM)
        return super().clean()
