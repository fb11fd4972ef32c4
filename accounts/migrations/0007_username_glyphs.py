"""A username's glyphs: the name as it is drawn, its case kept where case changes the
drawing (outside probe GW-1: "FlNANCE", with a small L, reads as FINANCE, the staff account
finance in capitals, and "ALlCE" as ALICE; their skeletons, in lower case, are "flnance"
and "allce", which no account had).

Each character drawn as a Latin letter or a digit becomes its prototype (as in 0006: I, 1
and | become l), then every l (a small L, a capital I) becomes one mark, then the rest is
put in lower case, so that a capital L stays apart from them ("NELL" is not "NEIL"). Sign-up
refuses a name when one of its glyphs, as typed, in capitals or in small letters, is one of
an account's three (`accounts.selectors.name_drawn_as_taken`). They replace the skeleton
in that comparison, whose index goes: in lower case after mapping, the skeleton made a
capital I an L (outside probe GX-1: "ELIA" shut out "Ella", "Della" "DELIA"); it still
tells a letter of another alphabet drawn as a Latin one."""

from importlib import import_module

from django.conf import settings
from django.db import migrations

SKELETON = import_module("accounts.migrations.0006_username_skeleton")
# A character no name holds once it is mapped: it stands for every l.
DRAWN_AS_L = "\u00a6"

CREATE = """
CREATE FUNCTION accounts_name_glyphs(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT lower(translate(translate(normalize(name, NFKC), %(drawn_as)s, %(ascii)s), 'l', %(mark)s)) $$;
CREATE INDEX accounts_username_glyphs ON auth_user (accounts_name_glyphs(username));
CREATE INDEX accounts_username_glyphs_upper ON auth_user (accounts_name_glyphs(upper(username)));
CREATE INDEX accounts_username_glyphs_lower ON auth_user (accounts_name_glyphs(lower(username)));
DROP INDEX accounts_username_skeleton;
"""
DROP = """
CREATE INDEX accounts_username_skeleton ON auth_user (accounts_name_skeleton(username));
DROP INDEX accounts_username_glyphs_lower;
DROP INDEX accounts_username_glyphs_upper;
DROP INDEX accounts_username_glyphs;
DROP FUNCTION accounts_name_glyphs(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_username_skeleton"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            CREATE
            % {
                "drawn_as": SKELETON._literal(SKELETON.DRAWN_AS),
                "ascii": SKELETON._literal(SKELETON.PROTOTYPES),
                "mark": SKELETON._literal(DRAWN_AS_L),
            },
            DROP,
        )
    ]
