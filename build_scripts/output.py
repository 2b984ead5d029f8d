"""Where a build may write and how it replaces the site there.

- `--out` is refused when it is (or holds) the repository, lies in its data, pages, code or tests, is the home
  folder or `/`, or is a folder with other content than an earlier build (marked by MARKER): a build replaces
  its output whole, so a wrong `--out` would delete what is there.
- One build at a time per output folder's parent (an exclusive lock on that folder); a second one waits.
- The new site takes the old one's place by an atomic exchange (renameat2 RENAME_EXCHANGE): a reader or a
  crash always finds a whole site. Where the exchange is not available, two renames, and the next start puts
  back a site left aside by a crash (under a name only the build makes: a folder `<out>.old` is a person's
  own). Work folders of killed builds are removed at the next start.
"""

import ctypes
import errno
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from build_scripts import paths

MARKER = ".chiiki-site"
MARKER_TEXT = (
    "このフォルダは chiiki build が生成したサイトです。chiiki build は、この印のあるフォルダだけを置き換えます。\n"
    "This folder is a site built by chiiki build, which replaces only folders that carry this mark.\n"
)
_PROTECTED = ("datapackages", "docs", "build_scripts", "tests", ".git", ".github")


class OutputRefused(Exception):
    """An output folder a build must not write into; the message says why, in Japanese and English."""


def work_prefix(out: Path) -> str:
    return f".chiiki-build-{out.name}-"


def _is_earlier_build(folder: Path) -> bool:
    """Our marker, or (sites built before the marker existed) the files only our build writes together."""
    return (folder / MARKER).is_file() or all(
        (folder / name).exists() for name in ("index.html", "pagefind", "data.json")
    )


def refusal(out: Path) -> str | None:
    """Why a build must not write into `out` (None when it may)."""
    out = Path(out).expanduser().resolve()
    if out == Path(out.anchor) or out == Path.home().resolve():
        return f"{out} はルートまたはホームのフォルダです。サイトの出力先には使えません。\n{out} is the root or home folder."
    if out == paths.ROOT or out in paths.ROOT.parents:
        return (
            f"{out} にはこのリポジトリがあります。出力先には build/site のような専用のフォルダを指定してください。\n"
            f"{out} holds the repository."
        )
    for name in _PROTECTED:
        protected = paths.ROOT / name
        if out == protected or protected in out.parents:
            return f"{out} はリポジトリの {name}/ の中です。出力先には使えません。\n{out} is inside the repository's {name}/."
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return f"{out} はフォルダではありません（リンクまたはファイル）。\n{out} is not a folder."
    if out.is_dir() and any(out.iterdir()) and not _is_earlier_build(out):
        return (
            f"{out} は空ではなく、以前のビルドの印（{MARKER}）もありません。中身を消さないよう、生成を中止しました。"
            f"空のフォルダか、新しいフォルダを指定してください。\n{out} is not empty and holds no earlier build: refused."
        )
    return None


def refuse_unsafe(out: Path) -> None:
    if reason := refusal(out):
        raise OutputRefused(reason)


def mark(site_dir: Path) -> None:
    (site_dir / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


@contextmanager
def locked(out: Path):
    """Hold the lock of the folder that holds the output (waiting for another build there to finish), after
    tidying what a killed build left. The folder itself is locked, so no lock file is left behind."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        recover(out)
        yield out
    finally:
        os.close(handle)  # closing releases the lock


def aside_of(target: Path, prefix: str) -> Path:
    """Where a folder waits while it is replaced without an atomic exchange: a name only our tools make (never
    `<target>.old`, which may be a person's own backup)."""
    return target.parent / f"{prefix}aside"


def recover(out: Path) -> None:
    """Put back a site a crash left aside, and remove killed builds' work folders."""
    recover_folder(out, work_prefix(out))


def recover_folder(target: Path, prefix: str) -> None:
    """After a kill: put back a folder left aside with nothing in its place, then remove the work folders (named
    with `prefix`, which only our tools use) that a killed run left."""
    aside = aside_of(target, prefix)
    if aside.is_dir() and not aside.is_symlink() and not target.exists():
        aside.rename(target)
    for leftover in target.parent.glob(prefix + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


def swap_in(staged: Path, out: Path) -> None:
    """Replace out with staged, atomically where the system allows; staged is gone afterwards."""
    replace_folder(staged, out, work_prefix(out))


def replace_folder(staged: Path, target: Path, prefix: str) -> None:
    """Put `staged` in the place of `target`, in one step where the system allows (a reader or a kill finds the
    old folder or the new one, whole); otherwise two renames, undone by recover_folder after a kill."""
    if not target.exists():
        staged.rename(target)
        return
    if exchange(staged, target):
        shutil.rmtree(staged)  # now the old folder
        return
    aside = aside_of(target, prefix)
    if aside.exists():
        shutil.rmtree(aside)
    target.rename(aside)
    staged.rename(target)
    shutil.rmtree(aside)
