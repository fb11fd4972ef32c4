"""CI runs exactly the test command the README gives."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> dict[str, str]:
    block = re.search(r"## Two commands\n\n```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    return {line.split()[1]: line for line in lines if line}


def test_ci_runs_the_readme_test_command():
    commands = _readme_commands()
    ci_script = (ROOT / ".ci" / "run").read_text()

    assert set(commands) == {"run", "ci"}
    assert ci_script.rstrip().endswith(f"exec {commands['ci']}")


def test_the_ci_target_runs_the_suite_the_upgrade_and_the_production_stack():
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^ci: (.*?)\n((?:\t.*\n)+)", makefile, re.M)

    assert target.group(1) == "test"
    assert "upgrade-check" in target.group(2)
    assert "prod-check" in target.group(2)
