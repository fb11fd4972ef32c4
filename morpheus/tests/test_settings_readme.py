"""The README's configuration tables name every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ_BY_NAME = re.compile(r'env_\w+\(\s*"([A-Z][A-Z0-9_]*)"')


def test_every_environment_variable_the_settings_read_is_in_the_readme():
    """Outside probe CE-5: MORPHEUS_VAR_DIR and PROCRASTINATE_LOG_LEVEL were read and not
    named anywhere in the README."""
    settings = (ROOT / "morpheus" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    names = set(READ_BY_NAME.findall(settings))

    assert len(names) > 50  # the pattern still finds how the settings read them
    assert sorted(name for name in names if f"`{name}`" not in readme) == []
