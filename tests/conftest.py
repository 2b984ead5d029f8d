import csv
import fcntl
import gzip
import hashlib
import io
import os
import shutil
import stat
import zipfile
from pathlib import Path

import cost
import pytest

from build_scripts import paths
from build_scripts.load import yamlio

cost.install()  # before any test module imports build(): every build and browser launch is counted

FIXTURES = Path(__file__).parent / "fixtures"
B_PLAN = "prefectures/13-tokyo/b-fixture-tokyo"
A_PLAN = "blocks/kyushu/a-fixture-kyushu"
C_PLAN = "prefectures/13-tokyo/c-fixture-chiyoda"


PINNED_EPOCH = "1795305600"  # 2026-11-22


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Tests see one fixed build date (2026-11-22), so date rules give the same answer every year."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)


# --- the sites and the browser a whole session shares ---------------------------------------------------------
# A site is built once per distinct input. Tests that need "an earlier build" to change take a copy
# (copy_of_site); nothing writes into a shared site: it is read-only for a user who is not root, and for root
# (CI) its files' hashes are checked when the session ends.


def built_site(folder: Path, root: Path, **options) -> Path:
    """A build of root into folder/site, with the pinned build date, for a session fixture."""
    from build_scripts.build import build

    out = folder / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        assert build(out, root=root, quiet=True, **options) == 0
    return out


def built_once(tmp_path_factory, name: str, root: Path) -> Path:
    """A session's shared build, made once for both pytest-xdist workers: the first to ask builds it (under a
    lock in their common temporary folder), the other waits and reads the same files."""
    base = tmp_path_factory.getbasetemp()
    common = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # a worker's base is in the run's
    folder = common / name
    with open(common / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "site").is_dir():
            folder.mkdir(exist_ok=True)
            built_site(folder, root)
    return folder / "site"


def derived_fixture():
    """The fixture repository validated and derived (no build): for tests of what derive and the views compute."""
    from build_scripts import load
    from build_scripts.derive import derive
    from build_scripts.validate import validate

    result = validate(root=FIXTURES / "repo" / "datapackages")
    assert result.valid
    return derive(result.plans, load.load_reference())


def fingerprint(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def set_writable(site: Path, writable: bool) -> None:
    write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    for path in [site, *site.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~write)


def shared(site: Path):
    """Yield the site read-only; fail the session if a test changed it all the same."""
    before = fingerprint(site)
    set_writable(site, False)
    yield site
    set_writable(site, True)
    assert fingerprint(site) == before, (
        f"a test wrote into the shared site {site}: copy it instead (copy_of_site)"
    )


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture repository built once, as `chiiki build` builds it (no site address, no repository)."""
    yield from shared(built_once(tmp_path_factory, "fixture-site", FIXTURES / "repo" / "datapackages"))


@pytest.fixture(scope="session")
def repository_site(tmp_path_factory) -> Path:
    """The repository's own data built once."""
    yield from shared(built_once(tmp_path_factory, "repository-site", paths.DATAPACKAGES))


@pytest.fixture(scope="session")
def fixture_url(fixture_site) -> str:
    from browser import served

    with served(fixture_site) as url:
        yield url


@pytest.fixture(scope="session")
def repository_url(repository_site) -> str:
    from browser import served

    with served(repository_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One chromium for the session; each test opens its own pages or contexts and closes them."""
    from browser import launched_browser

    with launched_browser() as launched:
        yield launched


@pytest.fixture(autouse=True)
def close_what_the_test_opened(request):
    """A test that used the shared browser leaves no page or context it opened for the next one (a module's
    own tabs, opened before the test, stay)."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in set(browser.contexts) - before:
        context.close()


def copy_of_site(site: Path, target: Path) -> Path:
    """A writable copy of a shared site, as an earlier build that a test may replace or break."""
    shutil.copytree(site, target, symlinks=True)
    set_writable(target, True)
    return target


@pytest.fixture
def repo(tmp_path) -> Path:
    """A fresh copy of the fixture repository's datapackages/ folder."""
    target = tmp_path / "datapackages"
    shutil.copytree(FIXTURES / "repo" / "datapackages", target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (the header is row 1) and column name."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def edit_plan(folder: Path, change) -> None:
    path = folder / "datapackage.yaml"
    descriptor = yamlio.load(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(yamlio.dump(descriptor), encoding="utf-8")


def readable(data: bytes) -> bytes:
    """A file's bytes with what is compressed inside opened up: gzip (Pagefind's index and fragments,
    sitemap.xml.gz) and zip (the data package zips and the xlsx workbooks), recursively; and without
    the zero-width spaces Pagefind puts between the words it segments (SYNTHETIC​-​DRAFT…)."""
    if data[:2] == b"\x1f\x8b":
        return readable(gzip.decompress(data))
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(readable(archive.read(name)) for name in archive.namelist())
    return data.replace("\u200b".encode(), b"")


# --- markers: browser and slow are given here from what a test uses, so none is forgotten -------------------
# (slow is also written by hand on a test that builds a site of its own; serial on a test that must run alone)

BUILT_SITES = {
    "fixture_site",
    "repository_site",
    "site",
    "sites",
    "built",
    "two_editions",
    "injected_site",
    "live",
}


def pytest_collection_modifyitems(items):
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if "browser" in uses:
            item.add_marker(pytest.mark.browser)
        if uses & BUILT_SITES:
            item.add_marker(pytest.mark.slow)


# --- the cost of the run, counted (tests/cost.py) -----------------------------------------------------------


def pytest_sessionfinish(session):
    output = getattr(session.config, "workeroutput", None)  # a pytest-xdist worker sends its counts back
    if output is not None:
        output["cost"] = dict(cost.COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    cost.COUNTS.update(getattr(node, "workeroutput", {}).get("cost", {}))


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(cost.summary_line(cost.COUNTS))
