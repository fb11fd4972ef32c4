"""CI runs the test command the README gives, then the upgrade and production checks."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> dict[str, str]:
    block = re.search(r"## Two commands\n\n```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    return {line.split()[1]: line for line in lines if line}


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [line for line in lines if line.startswith("make ")]


def test_ci_runs_the_readme_test_command_first():
    commands = _readme_commands()

    assert set(commands) == {"run", "test"}
    assert _ci_commands()[0] == commands["test"]


def test_ci_then_upgrades_the_previous_release_and_tries_the_production_stack():
    assert _ci_commands()[1:] == ["make upgrade-check", "make prod-check"]
