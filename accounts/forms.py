import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm

from accounts.privacy import looks_like_an_erased_account
from accounts.selectors import (
    name_drawn_as_taken,
    name_drawn_in_latin,
    replaced_addresses_to_reset,
    username_as_stored,
)
from accounts.services import DRAWN_AS_TAKEN, TAKEN, account_name_turns_take
from morpheus.printable import VARIATION_SELECTORS, ZERO_WIDTH_JOINERS, title_refused_character

# What accounts, orders and addresses keep (Django's form field takes 320 characters, which
# the database refused with a server error): 254, the longest an address can be (RFC 5321).
EMAIL_MAX_LENGTH = get_user_model()._meta.get_field("email").max_length


class NameCharacters(forms.ModelForm):
    """A user form whose name is judged by `name_characters_refusal`, not by the model's
    validator (Django's `UnicodeUsernameValidator`, which refuses every combining mark), and
    refused when another account has it in any case or is drawn like it, as sign-up refuses
    it (staff renaming an account too: outside probe HA-5)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "username" in self.fields:  # Django's said "Letters, digits and @/./+/-/_ only"
            self.fields["username"].help_text = NAME_HELP

    def _get_validation_exclusions(self) -> set[str]:
        return {*super()._get_validation_exclusions(), "username"}

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username")
        if not username:
            return username
        if refusal := name_characters_refusal(username):
            raise forms.ValidationError(refusal)
        # The name a form keeps is not judged again (names told apart by case alone, or
        # drawn alike, predate sign-up's checks).
        if username == self.instance.username:
            return username
        # Staff renaming an account too (outside probe HA-5: "Guest" read as a guest's).
        if looks_like_an_erased_account(username) or _names_guests(username):
            raise forms.ValidationError("This name is reserved. Please choose another.")
        # The form is saved in the request's transaction: another sign-up or rename to a
        # name drawn alike waits for it, and then sees this one's account.
        account_name_turns_take(username=username)
        users = get_user_model().objects.exclude(pk=self.instance.pk)
        if users.filter(username__iexact=username).exists():
            raise forms.ValidationError(TAKEN)
        if name_drawn_as_taken(typed=username, excluding=self.instance.pk):
            raise forms.ValidationError(DRAWN_AS_TAKEN)
        if len(_look_alike_alphabets(username)) > 1 or name_drawn_in_latin(typed=username):
            raise forms.ValidationError(
                "This name could pass for another: its letters are drawn like those of another "
                "alphabet (a Cyrillic letter for a Latin one, say). Please choose another."
            )
        return username


class SignUpForm(NameCharacters, UserCreationForm):
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH, help_text="Receipts and download links are sent here."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


# Django's check of a name (`UnicodeUsernameValidator`, `[\w.@+-]`) takes no combining mark:
# a Hindi, Tamil or Sinhala name, whose vowel signs and viramas are marks, was refused as
# not letters (outside probe GZ-2). A name is letters and digits of any script, the marks
# after them, the joiners a script needs where a title may hold them (Sinhala's "ශ්‍රී",
# Persian's "علی‌رضا"), and . @ + - _.
NAME_PUNCTUATION = frozenset("._@+-")
NAME_HELP = (
    "150 characters or fewer: letters of any alphabet with their accents and vowel signs, "
    "digits, the joiners a script needs, and @/./+/-/_."
)
NAME_CHARACTERS = (
    "Enter a valid username. It may hold letters of any alphabet with their accents and "
    "vowel signs, digits, and @/./+/-/_ characters."
)


# Alphabets whose accented letters are written whole: a name comes composed (NFKC), so a
# mark left after one of their letters has no letter of its own to be, and may hide in it
# (outside probe HA-1: "ali\u0307ce", an i with a dot above, read as alice).
ACCENTS_COMPOSED = ("LATIN", "CYRILLIC", "GREEK")
# Devanagari writes up to four on a letter (nukta, virama or vowel sign, candrabindu,
# anusvara); thirty drew over the pages' navigation (outside probe HA-4).
MARKS_AT_MOST = 4
ACCENT_APART = (
    "This name holds an accent typed apart from its letter, which could hide in it (a dot "
    "above an i): type the letter with its accent, or without."
)


def name_characters_refusal(username: str) -> str:
    """Why the name cannot be taken for its characters ("" when it can)."""
    if refused := title_refused_character(username):  # outside probe GT-2: a Hangul filler
        return _prints_nothing(refused)
    marks = 0
    for at, char in enumerate(username):
        before, after = username[at - 1 : at], username[at + 1 : at + 2]
        if _joins(char):
            # Outside probe HA-3: between two digits or full stops a joiner prints nothing,
            # as does a variation selector after one.
            alone = char in ZERO_WIDTH_JOINERS and not _spelled(after)
            if alone or not _spelled(before):
                return _prints_nothing(f"U+{ord(char):04X} {unicodedata.name(char, '')}")
            continue
        marks = marks + 1 if _is_mark(char) else 0
        if not (char.isalnum() or char in NAME_PUNCTUATION or marks):
            return NAME_CHARACTERS
        if marks and before and unicodedata.name(before, "").startswith(ACCENTS_COMPOSED):
            return ACCENT_APART
        if marks and not _spelled(before):
            return NAME_CHARACTERS  # a mark first, or on a full stop (outside probe HA-4)
        if marks > MARKS_AT_MOST:
            return f"This name stacks more than {MARKS_AT_MOST} marks on one letter."
    return ""


def _is_mark(char: str) -> bool:
    return bool(char) and unicodedata.category(char).startswith("M")


def _joins(char: str) -> bool:
    return char in ZERO_WIDTH_JOINERS or bool(VARIATION_SELECTORS.match(char))


def _spelled(char: str) -> bool:
    """A letter, digit or mark a joiner or mark can act on: one beyond ASCII (the scripts
    that join, the ideographs a variation selector picks a drawing of)."""
    return bool(char) and not char.isascii() and (char.isalnum() or _is_mark(char))


def _prints_nothing(named: str) -> str:
    return f"This name holds a character that prints nothing ({named}): type it again without it."


def _names_guests(username: str) -> bool:
    """The word the back office shows for guest checkouts' accounts (outside probe FW-5: an
    account named "Guest" read as a guest's on every staff page)."""
    return unicodedata.normalize("NFKC", username).casefold() == "guest"


# Alphabets with letters drawn alike: a name mixing them can pass for another (outside probe
# GO-1: "Guest" with a Cyrillic "e" read as a guest checkout's on staff pages, "alice" with
# a Cyrillic "a" as alice). A name in one of them, or mixing others (Japanese kana and
# kanji), is taken.
LOOK_ALIKE_ALPHABETS = frozenset(
    {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU"}
)


def _look_alike_alphabets(username: str) -> set[str]:
    """Those of `LOOK_ALIKE_ALPHABETS` the name's letters come from (a letter's Unicode name
    starts with its alphabet's)."""
    letters = (c for c in unicodedata.normalize("NFKC", username) if c.isalpha())
    return {unicodedata.name(c, "").partition(" ")[0] for c in letters} & LOOK_ALIKE_ALPHABETS


class UsernameInAnyCase(forms.Form):
    """A sign-in form's username in any case: sign-up refuses a name that differs from a
    taken one by case alone, so "Alice" can only mean alice. Its refusal says so (Django's
    says both fields may be case-sensitive)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "invalid_login": self.error_messages["invalid_login"].replace(
                "Note that both fields may be case-sensitive.",
                "Note that the password is case-sensitive; the username is not.",
            ),
        }

    def clean_username(self) -> str:
        return username_as_stored(typed=self.cleaned_data["username"])


class SignInForm(UsernameInAnyCase, AuthenticationForm):
    pass


class PasswordResetByJobForm(PasswordResetForm):
    """Django's reset form, but the email (and its token) is made by a job after the request
    commits, not sent while the request's transaction is open. An address an account
    replaced lately is sent that account's reset too (the notice of the change promised it).
    Asked for again within a minute, no second email goes (`accounts.tasks`)."""

    def save(self, **kwargs) -> None:
        from accounts.tasks import send_password_reset, send_password_reset_to_replaced_address

        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            send_password_reset.defer(user_id=user.pk)
        for replaced in replaced_addresses_to_reset(email=email):
            send_password_reset_to_replaced_address.defer(replaced_address_id=replaced.pk)


class PasswordConfirmedForm(forms.Form):
    """A change the signed-in customer confirms with their password."""

    password = forms.CharField(label="Your password", widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class EmailChangeForm(PasswordConfirmedForm):
    email = forms.EmailField(label="New email address", max_length=EMAIL_MAX_LENGTH)
    field_order = ("email", "password")


class GuestCheckoutForm(forms.Form):
    email = forms.EmailField(
        label="Your email",
        max_length=EMAIL_MAX_LENGTH,
        help_text="Your receipt and download links are sent here.",
    )


class ErasureForm(PasswordConfirmedForm):
    """Erasing the account: the password alone confirms it."""


class GuestErasureForm(forms.Form):
    """Erasing a guest's account, which has no password: the address the order was placed
    with, typed again, confirms it."""

    email = forms.EmailField(label="The email address of your order", max_length=EMAIL_MAX_LENGTH)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError("That is not the address your order was placed with.")
        return email
