"""A small m is drawn as r and n side by side (outside probe GX-8: "rnolly" was made beside
molly): in a name's glyphs it becomes "rn", as do the characters Unicode's confusables.txt
(13.0.0, as in 0006) draws as "rn" that NFKC leaves apart from m (a Warang Citi digit, an
Ahom letter; the others, mathematical and Roman numeral m's, are m after NFKC). It is the
only character of ASCII drawn as several. A capital M is not "RN": the small m is replaced
before the name is put in lower case, as the l's are. The three indexes of 0007 are built
again on the new function."""

from importlib import import_module

from django.conf import settings
from django.db import migrations

SKELETON = import_module("accounts.migrations.0006_username_skeleton")
GLYPHS = import_module("accounts.migrations.0007_username_glyphs")
DRAWN_AS_RN = "[m\U000118e3\U00011700]"

FUNCTION = """
CREATE OR REPLACE FUNCTION accounts_name_glyphs(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT lower(translate({drawn}, 'l', %(mark)s)) $$;
REINDEX INDEX accounts_username_glyphs;
REINDEX INDEX accounts_username_glyphs_upper;
REINDEX INDEX accounts_username_glyphs_lower;
"""
MAPPED = "translate(normalize(name, NFKC), %(drawn_as)s, %(ascii)s)"
VALUES = {
    "drawn_as": SKELETON._literal(SKELETON.DRAWN_AS),
    "ascii": SKELETON._literal(SKELETON.PROTOTYPES),
    "mark": SKELETON._literal(GLYPHS.DRAWN_AS_L),
    "drawn_as_rn": SKELETON._literal(DRAWN_AS_RN),
}
WITH_RN = FUNCTION.format(drawn=f"regexp_replace({MAPPED}, %(drawn_as_rn)s, 'rn', 'g')")
WITHOUT_RN = FUNCTION.format(drawn=MAPPED)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_username_glyphs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunSQL(WITH_RN % VALUES, WITHOUT_RN % VALUES)]
