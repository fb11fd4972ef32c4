from django import forms


class EmailPreferenceForm(forms.Form):
    file_updates = forms.BooleanField(
        required=False,
        label="Email me fresh links when a comic I bought gets a new file",
    )
