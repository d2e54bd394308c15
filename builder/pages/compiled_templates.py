"""Compiled Jinja templates kept in the build's cache: Jinja compiles the theme's templates
(Material's: 57, in the MkDocs front end) and the demos' embeds into Python at every build,
about 0.4 s of a warm one otherwise.

Jinja's bytecode cache API: each template is a bucket named by its file's path and checked
against its source's digest (and Jinja's and Python's versions, in the bytecode's header), so a
changed template is compiled again. Each bucket is an entry of the cache's section "templates"
(builder/cache.py: written whole, re-checked when read, shared safely by builds side by side).
"""

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from builder.cache import Cache, content_key

SECTION = "templates"
CODE = "code"


class CachedTemplates(BytecodeCache):
    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def _key(self, bucket: Bucket) -> str:
        return content_key(bucket.key, bucket.checksum, jinja2.__version__)

    def load_bytecode(self, bucket: Bucket) -> None:
        entry = self.cache.lookup(SECTION, self._key(bucket))
        if entry is not None:
            bucket.bytecode_from_string((entry / CODE).read_bytes())

    def dump_bytecode(self, bucket: Bucket) -> None:
        with self.cache.create(SECTION, self._key(bucket), reuse=True) as work:
            if work is not None:
                (work / CODE).write_bytes(bucket.bytecode_to_string())
