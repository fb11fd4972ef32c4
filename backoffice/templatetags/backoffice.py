from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from backoffice import changelist
from backoffice.fragments import FRAGMENTS, with_csrf_token, without_csrf_token
from backoffice.result_list import result_list
from morpheus.money import format_money

register = template.Library()


@register.filter
def money(amount: int | None, currency: str) -> str:
    return format_money(amount, currency)


@register.inclusion_tag("backoffice/order_list_results.html")
def order_result_list(cl):
    """The order list's table, rendered by `backoffice.result_list` (cheap per row)."""
    return result_list(cl)


@register.tag
def phone_labelled_result_list(parser, token):
    """The theme's `unfold_result_list`, its cells labelled on a phone as their headers read
    (`backoffice.changelist.result_list`), for every list but the orders'."""
    return InclusionAdminNode(
        parser, token, func=changelist.result_list, template_name="change_list_results.html"
    )


class _FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context) -> str:
        key = tuple(part.resolve(context) for part in self.parts)
        if any(part in (None, "") for part in key):  # an input the page lacks: not kept
            return self.nodelist.render(context)

        def render() -> str:
            return without_csrf_token(self.nodelist.render(context))

        return with_csrf_token(FRAGMENTS.get_or_render(key, render), context.get("csrf_token"))


@register.tag
def fragment(parser, token):
    """`{% fragment "name" input… %}…{% endfragment %}`: the enclosed HTML rendered once per
    distinct inputs and kept (`backoffice.fragments`). The inputs must name everything the
    HTML depends on; where one is missing from the context, the HTML is rendered each time."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("fragment needs a name and its inputs")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return _FragmentNode(nodelist, parts)
