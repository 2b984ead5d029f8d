"""YAML as contributors write it: dates stay strings, line numbers are kept, one canonical form."""

import yaml

# libyaml when PyYAML has it (it parses ~10× faster; 1,800 descriptors are read on every validation).
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader without the timestamp resolver: `2026-04-01` stays the string the author wrote."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str):
    refuse_unsafe(text)
    return yaml.load(text, Loader=_Loader)


MAX_BYTES = (
    1_000_000  # a plan's descriptor is a few KB; the longest real text sections are a few thousand characters
)
MAX_DEPTH = 20  # the contract nests 4 levels (plan → requirements → …); deeper is not a plan


class Refused(ValueError):
    """A descriptor that is not read at all: too large, too deep, with anchors and aliases, or a key twice."""

    def __init__(self, rule: str, detail: str, line: int | None = None):
        super().__init__(detail)
        self.rule, self.detail, self.line = rule, detail, line


def refuse_unsafe(text: str) -> None:
    """Before anything is built: size, nesting and anchors/aliases, from libyaml's events alone. An alias can
    make a 1 KB file expand to gigabytes, and deep nesting crashes the composer; neither is needed by a plan."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise Refused(
            "limit", f"datapackage.yaml が大きすぎます（{size:,} バイト。上限 {MAX_BYTES:,} バイト）。"
        )
    depth = 0
    for event in _events(text):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(
                "yaml-alias",
                "アンカー（&）とエイリアス（*）は使えません。同じ内容もそのまま書いてください。",
                event.start_mark.line + 1,
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(
                    "limit", f"入れ子が深すぎます（{MAX_DEPTH} 段まで）。", event.start_mark.line + 1
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _events(text: str):
    """libyaml's events. libyaml ≥ 0.2.6 (PyYAML 6.0.3 wheels) scans ahead and stops deep nesting itself,
    before the events reach our count: that is the same size limit, so it is reported as one."""
    try:
        yield from yaml.parse(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error.problem):
            raise Refused(
                "limit", f"入れ子が深すぎます（{MAX_DEPTH} 段まで）。", error.problem_mark.line + 1
            ) from None
        raise


def load_with_lines(text: str) -> tuple[object, dict[tuple, int]]:
    """The data and its line index from one parse, after refuse_unsafe; a key given twice is refused too."""
    refuse_unsafe(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines = _index(node)
        return (loader.construct_document(node) if node is not None else None), lines
    finally:
        loader.dispose()


def line_index(text: str) -> dict[tuple, int]:
    """Map each key path, e.g. ('plan', 'area', 'prefectures', 0), to its 1-based line."""
    refuse_unsafe(text)
    return _index(yaml.compose(text, Loader=_Loader))


def _index(root) -> dict[tuple, int]:
    """Each key path's line; a key twice in one mapping is refused (the last would silently win)."""
    lines: dict[tuple, int] = {}

    def walk(node, path):
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.value in seen and isinstance(key.value, str):
                    raise Refused(
                        "duplicate-key",
                        f"「{key.value}」が同じところに2回あります（{seen[key.value]} 行目と {line} 行目）。"
                        "どちらか1つにしてください。",
                        line,
                    )
                seen[key.value] = line
                child = path + (key.value,)
                lines[child] = line
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                walk(item, path + (position,))

    if root is not None:
        walk(root, ())
    return lines


def nearest_line(lines: dict[tuple, int], path: tuple) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data) -> str:
    """The canonical form: key order kept, block style, Unicode as is, no line folding."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


def without_comments(text: str) -> str:
    """Full-line comments are allowed (the scaffold writes them); the rest must be canonical. A `#` line inside a
    multi-line string is text, and stays."""
    whole, _ = _comment_positions(text)
    return "".join(
        line for number, line in enumerate(text.splitlines(keepends=True), 1) if number not in whole
    )


def comments_kept(old: str, new: str) -> str:
    """`new` (the same data as `old`, reordered) with the comments of `old`, each above the key it was written
    above or beside: a person's notes and the scaffold's explanations survive `chiiki fmt`. A comment beside a
    value becomes a line of its own (the canonical form has full-line comments only)."""
    above, ending = _comments(old)
    new_lines = new.splitlines(keepends=True)
    at_line = _line_of_path(new)
    inserted: dict[int, list[str]] = {}
    for path, comments in above.items():
        number = at_line.get(path, len(new_lines) + 1)  # every path of old is in new; the end, to be safe
        indent = _indent(new_lines[number - 1]) if number <= len(new_lines) else ""
        inserted.setdefault(number, []).extend(indent + comment + "\n" for comment in comments)
    out = []
    for number, line in enumerate(new_lines, start=1):
        out += inserted.pop(number, []) + [line]
    return "".join(out + [line for lines in inserted.values() for line in lines] + [c + "\n" for c in ending])


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def _line_of_path(text: str) -> dict[tuple, int]:
    """Each key path's line, the shortest path where several start on one line (`- label: x`)."""
    shortest: dict[int, tuple] = {}
    for path, line in line_index(text).items():
        if line not in shortest or len(path) < len(shortest[line]):
            shortest[line] = path
    return {path: line for line, path in shortest.items()}


def _comments(text: str) -> tuple[dict[tuple, list[str]], list[str]]:
    """The comments of a text: by the key path of the line they stand above (or beside), and those after the
    last key."""
    path_at = {line: path for path, line in _line_of_path(text).items()}
    whole_lines, beside = _comment_positions(text)
    above: dict[tuple, list[str]] = {}
    pending: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in whole_lines:
            pending.append(line.strip())
        elif number in path_at:
            above.setdefault(path_at[number], []).extend(
                pending + ([beside[number]] if number in beside else [])
            )
            pending = []
    return {path: comments for path, comments in above.items() if comments}, pending


def _comment_positions(text: str) -> tuple[set[int], dict[int, str]]:
    """The lines that are comments, and the comments beside a value, by line (1-based), told apart by YAML's
    own tokens: a line inside a multi-line string is text even when it starts with `#`."""
    inside_strings, last_token_end = set(), {}
    for token in yaml.scan(text, Loader=_Loader):
        start, end = token.start_mark, token.end_mark
        last = end.line + (1 if end.column else 0)  # a block string ends at column 0 of the line after it
        inside_strings |= set(range(start.line + 2, last + 1))
        last_token_end[end.line + 1] = max(last_token_end.get(end.line + 1, 0), end.column)
    whole, beside = set(), {}
    for number, line in enumerate(text.splitlines(), start=1):
        if number in inside_strings:
            continue
        if line.strip().startswith("#"):
            whole.add(number)
        elif (rest := line[last_token_end.get(number, len(line)) :].strip()).startswith("#"):
            beside[number] = rest
    return whole, beside


def ordered(value, order: list[str]):
    """A mapping with its keys in the contract's order (unknown keys last, as written)."""
    if not isinstance(value, dict):
        return value
    known = [key for key in order if key in value]
    return {key: value[key] for key in known + [k for k in value if k not in order]}
