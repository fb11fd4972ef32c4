import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from ops.locks import disagreements, parse_lock

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = PROJECT["dependencies"]
DEV = PROJECT["optional-dependencies"]["dev"]
RUNTIME_LOCK = (ROOT / "requirements" / "runtime.txt").read_text()
DEV_LOCK = (ROOT / "requirements" / "dev.txt").read_text()


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [(RUNTIME, RUNTIME_LOCK), (RUNTIME + DEV, DEV_LOCK)],
    ids=["runtime", "dev"],
)
def test_lock_agrees_with_pyproject(requirements, lock):
    assert disagreements(requirements, lock) == []


def test_a_requirement_outside_the_locked_version_is_a_disagreement():
    narrowed = [*RUNTIME, "django<5.2"]
    assert any(
        problem.startswith("django<5.2 is locked at 5.2")
        for problem in disagreements(narrowed, RUNTIME_LOCK)
    )


def test_a_requirement_missing_from_the_lock_is_a_disagreement():
    assert disagreements([*RUNTIME, "flask>=3"], RUNTIME_LOCK) == ["flask>=3 is not in the lock"]


def test_a_dropped_requirement_still_locked_is_a_disagreement():
    without_django = [line for line in RUNTIME if not line.startswith("django>=")]
    assert disagreements(without_django, RUNTIME_LOCK) == [
        "django is locked as a direct requirement but pyproject.toml no longer asks for it"
    ]


def test_runtime_lock_holds_no_test_tool():
    locked = {pin.name for pin in parse_lock(RUNTIME_LOCK)}
    test_tools = {
        "pytest",
        "pytest-django",
        "pytest-xdist",
        "factory-boy",
        "moto",
        "playwright",
        "ruff",
    }
    assert locked & test_tools == set()


def test_dev_lock_pins_the_runtime_packages_at_the_runtime_versions():
    dev = {(pin.name, pin.version) for pin in parse_lock(DEV_LOCK)}
    runtime = {(pin.name, pin.version) for pin in parse_lock(RUNTIME_LOCK)}
    assert runtime - dev == set()


def test_this_environment_is_installed_from_the_dev_lock():
    """`make test` syncs .venv from the lock; a hand-upgraded package shows up here."""

    def installed(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    pins = [pin for pin in parse_lock(DEV_LOCK) if pin.applies()]
    assert [
        (pin.name, installed(pin.name)) for pin in pins if installed(pin.name) != pin.version
    ] == []
