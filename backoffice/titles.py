"""Comics and bundles are told apart by their titles, in the shop and in the back office's
own messages ("priced in another currency: The Dreamlands Trilogy (EUR)"): a title is
given to one of each at most."""

from django import forms


def title_of_its_own(form: forms.ModelForm) -> str:
    """The form's title, refused when another row of its model has it (in any case)."""
    title = form.cleaned_data["title"].strip()
    model = form._meta.model
    taken = model.objects.filter(title__iexact=title).exclude(pk=form.instance.pk).exists()
    if taken:
        kind = model._meta.verbose_name
        raise forms.ValidationError(
            f"Another {kind} is called {title}: give this one its own title."
        )
    return title
