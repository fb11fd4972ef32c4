"""The theme's templates the back office keeps a changed copy of stay the installed theme's
but for those changes: after an upgrade of django-unfold these fail until the copy is made
again from the new one."""

from pathlib import Path

import unfold
from django.conf import settings

ROW = "unfold/helpers/edit_inline/tabular_group.html"
LIST = "admin/change_list.html"


def test_the_inline_row_is_the_themes_with_its_phone_labels_as_the_headers_read():
    ours = Path(settings.BASE_DIR, "templates", ROW).read_text()
    theirs = Path(unfold.__file__).parent.joinpath("templates", ROW).read_text()

    ours = ours.split("{% endcomment %}\n", 1)[1]
    ours = ours.replace(
        'data-label="{{ field.field.label|capfirst }}"', 'data-label="{{ field.field.label }}"'
    )
    ours = ours.replace(
        " flex items-center before:font-semibold",
        " flex items-center before:capitalize before:font-semibold",
    )
    assert ours.splitlines() == theirs.splitlines()


def _result_list_block(template: Path) -> list[str]:
    block = template.read_text().split("{% block result_list %}", 1)[1].split("{% endblock %}")[0]
    return [line.strip() for line in block.strip().splitlines()]


def test_the_list_pages_table_is_the_themes_with_its_phone_labels_as_the_headers_read():
    ours = _result_list_block(Path(settings.BASE_DIR, "templates", LIST))
    theirs = _result_list_block(Path(unfold.__file__).parent.joinpath("templates", LIST))

    assert "{% phone_labelled_result_list cl %}" in ours
    ours = [line.replace("phone_labelled_result_list", "unfold_result_list") for line in ours]
    assert ours == theirs
