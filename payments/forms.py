from django import forms

# Stripe object ids: a prefix, an underscore, then letters, digits and underscores.
STRIPE_ID_PATTERN = r"^pm_[A-Za-z0-9_]{1,250}$"


class PaymentMethodForm(forms.Form):
    """The payment method the browser obtained from Stripe.js: an id, never card data."""

    payment_method_id = forms.RegexField(regex=STRIPE_ID_PATTERN)
    # The total the pay page showed, in minor units (absent from an older page).
    total = forms.IntegerField(required=False, min_value=0)
