"""Rendered fragments are kept per key, the newest ones only."""

import re
from pathlib import Path

import unfold
from django.conf import settings
from django.template import Context, Template

from backoffice.fragments import Fragments


def test_a_fragment_is_rendered_once_per_key():
    fragments = Fragments()
    rendered = []

    def render(html: str):
        return lambda: rendered.append(html) or html

    assert fragments.get_or_render(("panel", "?a=1"), render("one")) == "one"
    assert fragments.get_or_render(("panel", "?a=1"), render("again")) == "one"
    assert fragments.get_or_render(("panel", "?a=2"), render("two")) == "two"
    assert rendered == ["one", "two"]


def test_only_the_most_recently_used_fragments_are_kept():
    fragments = Fragments(size=2)
    fragments.get_or_render("a", lambda: "A")
    fragments.get_or_render("b", lambda: "B")
    fragments.get_or_render("a", lambda: "A again")  # "a" is used, "b" is now the oldest
    fragments.get_or_render("c", lambda: "C")

    assert len(fragments) == 2
    assert fragments.get_or_render("a", lambda: "A again") == "A"
    assert fragments.get_or_render("b", lambda: "B again") == "B again"


def test_a_fragment_missing_an_input_is_rendered_each_time():
    page = Template(
        '{% load backoffice %}{% fragment "test-part" app_list_key %}{{ n }}{% endfragment %}'
    )
    assert page.render(Context({"n": 1})) == "1"
    assert page.render(Context({"n": 2})) == "2"
    assert page.render(Context({"n": 3, "app_list_key": ("k",)})) == "3"
    assert page.render(Context({"n": 4, "app_list_key": ("k",)})) == "3"


def test_a_kept_form_gets_each_pages_own_csrf_token():
    page = Template(
        '{% load backoffice %}{% fragment "test-form" key %}<form>{% csrf_token %}</form>'
        "{% endfragment %}"
    )
    first = page.render(Context({"key": "k", "csrf_token": "token-of-page-one"}))
    second = page.render(Context({"key": "k", "csrf_token": "token-of-page-two"}))
    assert 'value="token-of-page-one"' in first
    assert 'value="token-of-page-two"' in second
    assert "token-of-page-one" not in second


def test_the_kept_page_layout_is_the_installed_themes_layout_with_fragments_around_parts():
    """`templates/unfold/layouts/skeleton.html` is a copy of the theme's layout; after an
    upgrade of django-unfold this fails until the copy is made again from the new one."""
    ours = Path(settings.BASE_DIR, "templates/unfold/layouts/skeleton.html").read_text()
    theirs = Path(unfold.__file__).parent.joinpath("templates/unfold/layouts/skeleton.html")
    ours = re.sub(r"\{% comment %\}.*?\{% endcomment %\}\n", "", ours, flags=re.DOTALL)
    ours = ours.replace("{% load i18n static unfold backoffice %}", "{% load i18n static unfold %}")
    kept_lines = [
        line for line in ours.splitlines() if not re.match(r"\s*\{% (end)?fragment\b", line)
    ]

    assert kept_lines == theirs.read_text().splitlines()
    assert ours.count("{% fragment ") == ours.count("{% endfragment %}") == 3
