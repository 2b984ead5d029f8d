"""What the suite spends: site builds (by engine), search indexes and chromium launches, counted in this process
(and, under pytest-xdist, in every worker) and printed at the end of the run. A new test that builds its own
site or launches its own browser shows up here; docs/commands.md (The test suite) says which builds are expected."""

from collections import Counter

from build_scripts import build as build_module

COUNTS: Counter = Counter()


def _counted(name: str, function, key=None):
    def wrapper(*args, **kwargs):
        COUNTS[key(*args, **kwargs) if key else name] += 1
        return function(*args, **kwargs)

    wrapper.__wrapped__ = function
    return wrapper


def install() -> None:
    """Wrap the engine run and the search index where build.pages_and_files looks them up (its module's
    globals), so every full build is counted however it was started: build(), chiiki serve's full build."""
    if hasattr(build_module.run_engine, "__wrapped__"):
        return
    build_module.run_engine = _counted(
        "build", build_module.run_engine, key=lambda engine, *args, **kwargs: f"build ({engine})"
    )
    build_module.index_search = _counted("search index", build_module.index_search)


def count(name: str) -> None:
    COUNTS[name] += 1


def summary_line(counts: Counter) -> str:
    order = sorted(counts, key=lambda name: (not name.startswith("build"), name))
    return (
        "cost: " + ", ".join(f"{name} {counts[name]}" for name in order) if counts else "cost: nothing built"
    )
