"""What git says: what changed since a commit (a pull request's base), and the data's own history (the commits a
release is named from). File names come straight from git into Python, never through a shell, and a base is
checked to be a commit before git sees it anywhere else."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

from build_scripts import paths


class UnknownBase(ValueError):
    """A base that is not a commit of this repository: the message says so in Japanese and English."""


def commit_of(ref: str) -> str:
    """The full id of the commit `ref` names. A value starting with `-` would reach git as an option
    (`--output=FILE` writes a file): it is refused before git is called."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n\r"):
        raise UnknownBase(f"「{ref}」は git のコミットではありません。\n{ref!r} is not a commit.")
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        capture_output=True,
        cwd=paths.ROOT,
    )
    if found.returncode != 0:
        raise UnknownBase(
            f"「{ref}」というコミットはこのリポジトリにありません（取得されていない可能性があります）。\n"
            f"No commit {ref!r} in this repository."
        )
    return found.stdout.decode("ascii").strip()


def changes_since(ref: str) -> list[tuple[str, str]]:
    """(status, path) of every file changed between `ref` and HEAD: A added, M modified, D deleted, T type
    changed (renames as a deletion and an addition)."""
    output = subprocess.run(
        ["git", "diff", "--name-status", "--no-renames", "-z", commit_of(ref), "HEAD"],
        capture_output=True,
        check=True,
        cwd=paths.ROOT,
    ).stdout.decode("utf-8")
    fields = [field for field in output.split("\0") if field]
    return list(zip(fields[0::2], fields[1::2], strict=True))


@dataclass(frozen=True)
class DataCommit:
    """A commit on the main line that changed the data folder: what a release is made from."""

    sha: str
    time: int  # the committer's time (Unix seconds): when the change reached this line
    changes: tuple[tuple[str, str, str], ...]  # (status A/M/D/T, path in the data folder, new blob or "")


def _git(root: Path, *arguments: str, stdin: bytes | None = None) -> bytes | None:
    """git's output run in `root`, or None when `root` is not in a git checkout (or git is missing)."""
    try:
        done = subprocess.run(["git", *arguments], cwd=root, input=stdin, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def in_checkout(root: Path) -> bool:
    """True when `root` is inside a git work tree (a test's copy of the data in a temporary folder is not)."""
    return _git(root, "rev-parse", "--is-inside-work-tree") == b"true\n"


def data_commits(root: Path) -> list[DataCommit] | None:
    """Every commit of HEAD's first-parent line that changed `root`, oldest first, with each file it changed
    (paths relative to `root`; a merge counted against the line it was merged into, as a release is made when
    main changes). None outside a git checkout."""
    if not in_checkout(root):
        return None
    output = _git(
        root,
        "log", "--reverse", "--first-parent", "-m", "--raw", "--no-renames", "--no-abbrev", "-z",
        "--relative", "--format=%x01%H %ct", "--", ".",
    )  # fmt: skip
    if output is None:  # a checkout without a commit yet
        return []
    return [_commit(chunk) for chunk in output.decode("utf-8").split("\x01")[1:]]


def _commit(chunk: str) -> DataCommit:
    header, _, raw = chunk.partition("\0")
    sha, time = header.split()
    fields = raw.lstrip("\n").split("\0")
    changes = []
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if meta.startswith(":"):  # ":100644 100644 <old blob> <new blob> M"
            *_, new, status = meta.split()
            changes.append((status, path, "" if status == "D" else new))
    return DataCommit(sha, int(time), tuple(changes))


def uncommitted(root: Path) -> bool:
    """True when files under `root` differ from HEAD or are new and not ignored."""
    return bool(_git(root, "status", "--porcelain", "--untracked-files=all", "--", "."))


def shallow(root: Path) -> bool:
    """True in a shallow clone (actions/checkout without fetch-depth: 0): the history, and so the releases'
    names, are incomplete there."""
    return _git(root, "rev-parse", "--is-shallow-repository") == b"true\n"


def blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """The contents of git blobs, read through one `git cat-file --batch`."""
    if not shas:
        return {}
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode("ascii"))
    contents, position = {}, 0
    for sha in shas:
        end = output.index(b"\n", position)
        size = int(output[position:end].split()[2])
        contents[sha] = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1  # the content is followed by a newline
    return contents
