"""A name's glyphs leave out the zero-width joiner and non-joiner and the variation
selectors, which sign-up now takes where a script needs them (outside probe GZ-2: a Sinhala
"ශ්‍රී" or a Persian "علی‌رضا" was refused as printing nothing): a joiner or a selector that
changes nothing on screen ("राहुल" with a joiner between two letters) must not make a name
another's. The three indexes of 0007 are built again on the new function."""

from importlib import import_module

from django.conf import settings
from django.db import migrations

RN = import_module("accounts.migrations.0008_username_glyphs_rn")
SKELETON = import_module("accounts.migrations.0006_username_skeleton")

MAPPED = RN.MAPPED.replace(
    "normalize(name, NFKC)", "normalize(regexp_replace(name, %(joiners)s, '', 'g'), NFKC)"
)
WITHOUT_JOINERS = RN.FUNCTION.format(drawn=f"regexp_replace({MAPPED}, %(drawn_as_rn)s, 'rn', 'g')")
VALUES = {**RN.VALUES, "joiners": SKELETON._literal("[\u200c\u200d\ufe00-\ufe0f]")}


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_username_glyphs_rn"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunSQL(WITHOUT_JOINERS % VALUES, RN.WITH_RN % RN.VALUES)]
