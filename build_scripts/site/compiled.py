"""Jinja templates compiled once per process, not once per build: chiiki serve and the test suite build many
times, and compiling the templates was a quarter of a small build (ours: 24 templates, 0.5 s; Material's theme
in MkDocs: 32, 0.5 s). Jinja stores each compiled template with a checksum of its source, so a template that
changed is compiled again: the cache can never serve an old page."""

import jinja2


class InMemory(jinja2.BytecodeCache):
    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = InMemory()  # the process's one cache: our page templates and the MkDocs theme's


class MkDocsPlugin:
    """Given to MkDocs by run_mkdocs (not in mkdocs.yml: Zensical, which ignores plugins, needs nothing of it)."""

    def on_env(self, env: jinja2.Environment, config, files) -> jinja2.Environment:
        env.bytecode_cache = TEMPLATES
        return env
