"""Tests you can find: each app's tests sit in `<app>/tests/test_<module>.py`, or
`test_<module>_<aspect>.py` for one side of a module, where `<module>` is a module or
package of that app."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "morpheus",
    "accounts",
    "catalog",
    "orders",
    "promotions",
    "tax",
    "notifications",
    "delivery",
    "payments",
    "analytics",
    "invoicing",
    "api",
    "backoffice",
    "demo",
    "benchmarks",
)
NOT_MODULES = {"tests", "migrations", "templates", "static", "__pycache__"}
# What no module holds: the row-level security policies live in the apps' migrations.
ACROSS_MODULES = {"row_level_security"}


def _module_names(app: Path) -> set[str]:
    names = set()
    for path in app.rglob("*"):
        if NOT_MODULES & set(path.relative_to(app).parts):
            continue
        if path.is_dir():
            names.add(path.name)
        elif path.suffix == ".py" and path.stem != "__init__":
            names.add(path.stem)
    return names | ACROSS_MODULES


def _misplaced(app: Path) -> list[str]:
    """The test files of `app` named after no module of it."""
    modules = _module_names(app)
    return [
        test.name
        for test in sorted((app / "tests").glob("test_*.py"))
        if not _names_a_module(test.stem.removeprefix("test_"), modules)
    ]


def _names_a_module(name: str, modules: set[str]) -> bool:
    return any(name == module or name.startswith(f"{module}_") for module in modules)


def test_every_apps_tests_are_named_after_the_module_they_test():
    assert [f"{app}/tests/{name}" for app in APPS for name in _misplaced(ROOT / app)] == []


def test_the_check_finds_a_test_named_after_nothing(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "services.py").touch()
    for name in ("test_services.py", "test_services_refunds.py", "test_signup.py"):
        (tmp_path / "tests" / name).touch()

    assert _misplaced(tmp_path) == ["test_signup.py"]


def test_the_suite_runs_every_folder_that_holds_tests():
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    run = set(pytest_options["ini_options"]["testpaths"])
    holding = {test.parent.parent.name for test in ROOT.glob("[!.]*/tests/test_*.py")}
    assert sorted(holding - run) == []
