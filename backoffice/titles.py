"""Comics and bundles are told apart by their titles, in the shop and in the back office's
own messages ("priced in another currency: The Dreamlands Trilogy (EUR)"): a title names
one comic or one bundle, never two of them."""

from django import forms

from catalog.models import Comic
from morpheus.printable import title_refused_character, visible
from morpheus.transactions import take_turns
from promotions.models import Bundle

# Title checks of comics and bundles take turns until their save commits: two saves of one
# title at once (a comic and a bundle, or two of either) would each find it free.
TITLES_TURN = "comic-and-bundle-titles"


def title_of_its_own(form: forms.ModelForm) -> str:
    """The form's title, refused when another comic or bundle has it (in any case), or when
    it holds a character that would turn it around on the invoice or that prints nothing."""
    title = form.cleaned_data["title"].strip()
    if character := title_refused_character(title):
        raise forms.ValidationError(
            f"The title holds {character}, an invisible character that changes how an "
            "invoice prints it or that prints nothing: type it again without it."
        )
    if not visible(title):
        raise forms.ValidationError("The title shows nothing: give it words.")
    model = form._meta.model
    take_turns(TITLES_TURN)
    for titled in (Comic, Bundle):
        others = titled.objects.filter(title__iexact=title)
        if titled is model:
            others = others.exclude(pk=form.instance.pk)
        # Named as the shop shows it, not in the case typed (outside probe FJ).
        if (taken_as := others.values_list("title", flat=True).first()) is not None:
            raise forms.ValidationError(_taken(taken_as, titled, model))
    return title


def _taken(title: str, titled: type, model: type) -> str:
    if titled is model:
        return f"Another {model._meta.verbose_name} is called {title}: give this one its own title."
    return (
        f"A {titled._meta.verbose_name} is called {title}: give this "
        f"{model._meta.verbose_name} its own title."
    )
