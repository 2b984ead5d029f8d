"""What git says changed since a commit (a pull request's base): file names straight from git into Python, never
through a shell, and the base checked to be a commit before git sees it anywhere else."""

import subprocess

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
