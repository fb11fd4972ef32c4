"""The theme's templates the back office keeps a changed copy of stay the installed theme's
but for those changes: after an upgrade of django-unfold these fail until the copy is made
again from the new one."""

from pathlib import Path

import unfold
from django.conf import settings

ROW = "unfold/helpers/edit_inline/tabular_group.html"


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
