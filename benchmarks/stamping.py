"""Per-buyer PDF stamping against copying the same file: MB/s and peak memory.

Builds a PDF of PAGES pages, each holding an incompressible image of PAGE_BYTES (300 MB
in all by default, the size the issue names), then in a fresh process each: copies it
(`shutil.copyfile`, the floor) and stamps it (`delivery.stamping.stamp_pdf`), timing the
operation and reading the process's peak resident memory. Also the same for a CBZ.
`python -m benchmarks.stamping [--pages N] [--page-mb X]`.
"""

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT, Row, print_table

PAGES = 200
PAGE_BYTES = 1_500_000
LINE = "Licensed to reader@example.com - order MO-7K3Q-M2X0"


def _status_mb(field: str) -> float:
    """VmRSS or VmHWM (the resident peak) of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _reset_peak() -> None:
    # ru_maxrss survives exec (the parent built the file in memory); "5" resets VmHWM.
    Path("/proc/self/clear_refs").write_text("5")


def _run(operation: str, source: str, target: str, result) -> None:
    from delivery.stamping import stamp_cbz, stamp_pdf

    operations = {
        "copy": lambda: shutil.copyfile(source, target),
        "stamp_pdf": lambda: stamp_pdf(source=Path(source), target=Path(target), line=LINE),
        "stamp_cbz": lambda: stamp_cbz(source=Path(source), target=Path(target), line=LINE),
    }
    _reset_peak()
    before = _status_mb("VmRSS")
    started = time.perf_counter()
    operations[operation]()
    result.put((time.perf_counter() - started, before, _status_mb("VmHWM")))


def _timed(operation: str, source: Path, target: Path) -> tuple[float, float, float]:
    """(seconds, resident MB before, peak resident MB) in a fresh process."""
    context = multiprocessing.get_context("spawn")
    result = context.Queue()
    process = context.Process(target=_run, args=(operation, str(source), str(target), result))
    process.start()
    outcome = result.get()
    process.join()
    return outcome


def _pdf(path: Path, pages: int, page_bytes: int) -> None:
    from demo.files import write_comic_pdf

    with path.open("wb") as target:
        write_comic_pdf(target, "Benchmark", pages=pages, filler_bytes=page_bytes)


def _cbz(path: Path, pages: int, page_bytes: int) -> None:
    import random
    import zipfile

    rng = random.Random(7)  # noqa: S311 (filler)
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(1, pages + 1):
            archive.writestr(f"page-{number:03d}.jpg", rng.randbytes(page_bytes))


def _rows(kind: str, source: Path, workdir: Path) -> list[Row]:
    size_mb = source.stat().st_size / 1e6
    copy_s, _, copy_peak = _timed("copy", source, workdir / f"copy.{kind}")
    stamp_s, stamp_base, stamp_peak = _timed(f"stamp_{kind}", source, workdir / f"out.{kind}")
    print(
        f"{kind}: {size_mb:.0f} MB; copy {copy_s:.2f} s, peak {copy_peak:.0f} MB; "
        f"stamp {stamp_s:.2f} s, peak {stamp_peak:.0f} MB "
        f"(process before the operation: {stamp_base:.0f} MB)"
    )
    return [
        Row(
            f"stamp {kind} {size_mb:.0f} MB (MB/s vs copy)",
            size_mb / stamp_s,
            size_mb / copy_s,
            "MB/s",
            0.05,
        ),
        Row(
            f"stamp {kind} {size_mb:.0f} MB (peak MB vs copy)",
            stamp_peak,
            copy_peak,
            "MB",
            4.0,
            higher_is_better=False,
        ),
    ]


def measure(*, pages: int = PAGES, page_bytes: int = PAGE_BYTES) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="morpheus-stamp-bench-") as folder:
        workdir = Path(folder)
        rows = []
        for kind, build in (("pdf", _pdf), ("cbz", _cbz)):
            source = workdir / f"source.{kind}"
            build(source, pages, page_bytes)
            rows += _rows(kind, source, workdir)
            for leftover in workdir.iterdir():
                leftover.unlink()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=PAGES)
    parser.add_argument("--page-mb", type=float, default=PAGE_BYTES / 1e6)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print_table(measure(pages=args.pages, page_bytes=int(args.page_mb * 1e6)))


if __name__ == "__main__":
    main()
