import uuid

from django import forms

from morpheus.printable import title_refused_character, visible

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
        """A name that reads as typed: none of the characters that turn text around or print
        nothing (outside probe GO-6: a right-to-left override made "my appe.exe" read "my
        exe.eppa" in the list of tokens)."""
        name = self.cleaned_data["name"]
        if character := title_refused_character(name):
            raise forms.ValidationError(
                f"The name holds {character}, an invisible character that changes how it "
                "reads or that shows nothing: type it again without it."
            )
        if not visible(name):
            raise forms.ValidationError("The name shows nothing: give it words.")
        return name

    def clean(self):
        """A key missing or mangled is the form's error: a hidden field's read "(Hidden
        field form_key) …", Django's words (outside probe FE-2)."""
        if self.errors.pop("form_key", None):
            raise forms.ValidationError(STALE_FORM)
        return super().clean()
