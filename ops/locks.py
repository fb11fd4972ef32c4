"""Do the locks in requirements/ still say what pyproject.toml asks for?

Offline: it reads the files only. `make lock-check` is the stricter, online twin (it
recompiles and diffs); this one runs in every `make test`.
"""

import re
from dataclasses import dataclass, field

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT_VIA = "morpheus-orders (pyproject.toml)"
_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


@dataclass
class Pin:
    name: str
    version: str
    marker: Marker | None
    hashes: int = 0
    via: set[str] = field(default_factory=set)

    def applies(self) -> bool:
        return self.marker is None or self.marker.evaluate()


def parse_lock(text: str) -> list[Pin]:
    pins: list[Pin] = []
    for line in text.splitlines():
        if match := _PIN.match(line):
            marker = match["marker"]
            pins.append(
                Pin(
                    canonicalize_name(match["name"]),
                    match["version"],
                    Marker(marker) if marker else None,
                )
            )
        elif pins and line.lstrip().startswith("--hash="):
            pins[-1].hashes += 1
        elif pins and line.lstrip().startswith("#"):
            via = line.lstrip("# ").removeprefix("via").strip()
            if via:
                pins[-1].via.add(via)
    return pins


def disagreements(requirements: list[str], lock_text: str) -> list[str]:
    """What is wrong with a lock compiled from these top-level requirements."""
    pins = parse_lock(lock_text)
    wanted = [Requirement(line) for line in requirements]
    problems = [f"{pin.name} has no hash" for pin in pins if not pin.hashes]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        versions = [pin.version for pin in pins if pin.name == name and pin.applies()]
        if not versions:
            problems.append(f"{requirement} is not in the lock")
        problems += [
            f"{requirement} is locked at {version}"
            for version in versions
            if not requirement.specifier.contains(version, prereleases=True)
        ]
    declared = {canonicalize_name(requirement.name) for requirement in wanted}
    problems += [
        f"{pin.name} is locked as a direct requirement but pyproject.toml no longer asks for it"
        for pin in pins
        if PROJECT_VIA in pin.via and pin.name not in declared
    ]
    return problems
