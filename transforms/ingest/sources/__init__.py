"""Input adapters behind one interface: an `InputSpec` in, an iterator of items out.

`resolve_inputs` turns CLI/DAG inputs (paths, globs, directories, URLs, `KIND:` prefixes) and
configured source names into specs; `read_input` dispatches a spec to its adapter (files are
opened here, gzip detected by magic bytes). Items are Candidate, Rejected or Duplicate values.
Adapters never raise on bad content; this module never decides what is a duplicate.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from transforms.ingest.records import RAW_KEEP_BYTES, Candidate, Duplicate, Rejected
from transforms.ingest.sanitise import storable
from transforms.ingest.settings import KINDS, SourceSpec
from transforms.ingest.sources.csvfile import read_csv
from transforms.ingest.sources.documents import document_record
from transforms.ingest.sources.files import FileRef, NotRegularFile, Walker, digest, glob_root, open_regular
from transforms.ingest.sources.jsonarray import read_json
from transforms.ingest.sources.jsonl import READ_ERRORS, read_jsonl
from transforms.ingest.sources.web import WebContext, feed_items, url_items, urllist_items

Item = Candidate | Rejected | Duplicate

#: File name suffix (after removing .gz) -> kind.
SUFFIX_KINDS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
    ".txt": "text", ".text": "text", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
    ".urls": "urls", ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
_GZIP_MAGIC = b"\x1f\x8b"
#: Bytes of a document looked at for NUL bytes (binary files are recorded by name, size and hash).
BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class InputSpec:
    """One thing to read. `location` is a path or URL; `kind` None means decide from the name."""

    location: str
    kind: str | None = None
    source_name: str | None = None
    label: str | None = None  # configured source name, for the run record

    @property
    def is_url(self) -> bool:
        return self.location.lower().startswith(("http://", "https://"))


def split_kind(value: str) -> tuple[str | None, str]:
    """`feed:https://…` -> ("feed", "https://…"); other strings unchanged."""
    head, sep, rest = value.partition(":")
    if sep and head.lower() in KINDS and rest and not rest.startswith("//"):
        return head.lower(), rest
    return None, value


def resolve_inputs(inputs: Sequence[str], sources: Sequence[SourceSpec]) -> list[InputSpec]:
    """Specs for command-line inputs, then configured sources (in the given order)."""
    specs = []
    for value in inputs:
        kind, location = split_kind(value)
        specs.append(InputSpec(location, kind))
    for src in sources:
        specs.append(InputSpec(src.location, src.kind, src.source_name, src.name))
    return specs


def kind_for_path(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return SUFFIX_KINDS.get(Path(name).suffix)


def open_input(path: Path) -> BinaryIO:
    """Open a regular file for binary reading (never a FIFO or device: see `files.open_regular`),
    transparently gunzipping when it starts with gzip magic."""
    fh = open_regular(path)
    try:
        magic = fh.read(2)
        fh.seek(0)
    except OSError:
        fh.close()
        raise
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def _read_limited(fh: BinaryIO, limit: int) -> tuple[bytes, int, str]:
    """The first `limit` + 1 bytes, the whole size and the SHA-256 of everything."""
    data = fh.read(limit + 1)
    size, sha = len(data), None
    if size > limit:
        size, sha = digest(fh, data)
    return data, size, sha or hashlib.sha256(data).hexdigest()


def _looks_binary(data: bytes) -> bool:
    """A NUL byte near the start: not a text file (UTF-16 included; re-encode it as UTF-8)."""
    return b"\x00" in data[:BINARY_SNIFF_BYTES]


def read_file(path: Path, kind: str, max_bytes: int, source_name: str | None, web: WebContext | None,
              input_name: str | None = None) -> Iterator[Item]:
    """Items of one local regular file of a known kind (`path` is what is opened)."""
    name = storable(input_name or str(path))
    try:
        fh = open_input(path)
    except NotRegularFile as exc:
        yield Rejected(name, None, exc.reason, f"{storable(str(path))} is not a regular file now: not read")
        return
    except (OSError, *READ_ERRORS) as exc:
        yield Rejected(name, None, "unreadable_input",
                       f"cannot open {storable(str(path))}: {storable(str(getattr(exc, 'strerror', None) or exc))}")
        return
    with fh:
        if kind == "jsonl":
            yield from read_jsonl(fh, name, max_bytes, source_name)
        elif kind == "json":
            yield from read_json(fh, name, max_bytes, source_name)
        elif kind == "csv":
            yield from read_csv(fh, name, max_bytes, source_name)
        else:
            try:
                data, size, sha = _read_limited(fh, max_bytes)
            except READ_ERRORS as exc:
                yield Rejected(name, None, "unreadable_input", f"cannot read {storable(str(path))}: {exc}")
                return
            if _looks_binary(data):
                yield Rejected(name, 1, "binary_file",
                               f"{storable(path.name)}: {size:,} bytes with NUL bytes, not a {kind} text file; "
                               f"only its name, size and SHA-256 are kept (sha256 {sha})",
                               None, size, raw_sha256=sha)
            elif size > max_bytes:
                yield Rejected(name, 1, "text_too_large",
                               f"file is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                               data[:RAW_KEEP_BYTES], size, raw_sha256=sha)
            elif kind in ("text", "md", "html"):
                yield document_record(data, kind, name, source_name)
            elif web is None:
                yield Rejected(name, None, "unsupported_format", f"{kind} inputs need the web fetcher",
                               None, size, raw_sha256=sha)
            elif kind == "feed":
                yield from feed_items(data, "application/xml", "", name, source_name, web)
            else:
                yield from urllist_items(data, "", name, source_name, web)


def _expand(location: str) -> list[tuple[Path, Path, bool]] | None:
    """(path, input root, found by a glob) for each match of an input location; None: not there."""
    p = Path(location).expanduser()
    if os.path.lexists(p):
        return [(p, p, False)]
    if glob.has_magic(location):
        pattern = os.path.expanduser(location)
        root = glob_root(pattern)
        return [(Path(m), root, True) for m in sorted(glob.glob(pattern, recursive=True))]
    return None


def read_input(spec: InputSpec, max_bytes: int, web: WebContext | None,
               follow_symlinks: str = "inside") -> Iterator[Item]:
    """All items of one input spec; `follow_symlinks` is the `[ingest]` policy (see `files`)."""
    if spec.is_url:
        if web is None:
            yield Rejected(spec.location, None, "unsupported_format", "URL inputs need the web fetcher")
            return
        kind = spec.kind if spec.kind in ("feed", "urls", "page") else "url"
        yield from url_items(spec.location, kind, spec.source_name, web)
        return
    matches = _expand(spec.location)
    if matches is None:
        yield Rejected(storable(spec.location), None, "input_not_found",
                       f"{storable(spec.location)} does not exist; pass a file, directory, glob or http(s) URL")
        return
    if not matches and web is not None:  # an empty drop folder is normal, not an error
        web.note("glob_matched_nothing")
    walkers: dict[Path, Walker] = {}
    for path, root, via_glob in matches:
        walker = walkers.get(root)
        if walker is None:
            walker = walkers[root] = Walker(root, follow_symlinks)
        for found in walker.walk(path, named=not via_glob, via_glob=via_glob):
            if isinstance(found, Rejected):
                yield found
                continue
            # a folder's files get their kind from their names; a file named alone may carry KIND:
            file_kind = spec.kind if found.path == path else None
            yield from _read_one(found, file_kind, max_bytes, spec.source_name, web)


def _read_one(ref: FileRef, kind: str | None, max_bytes: int, source_name: str | None,
              web: WebContext | None) -> Iterator[Item]:
    path = ref.path
    kind = kind if kind not in (None, "dir", "url", "page") else kind_for_path(path)
    if kind is None:  # not a type we read: its name, size and hash only, never its bytes
        name = storable(str(path))
        try:
            with open_regular(ref.target) as fh:
                size, sha = digest(fh)
        except NotRegularFile as exc:
            yield Rejected(name, None, exc.reason, f"{storable(str(path))} is not a regular file now: not read")
            return
        except OSError as exc:
            yield Rejected(name, None, "unreadable_input", f"cannot read {storable(path.name)}: "
                           f"{exc.strerror or exc}")
            return
        yield Rejected(name, None, "unsupported_format",
                       f"{storable(path.name)}: unknown file type ({size:,} bytes, sha256 {sha}); use .jsonl .json "
                       ".csv .txt .md .html (optionally .gz), .urls, .rss/.atom/.xml, or a KIND: prefix",
                       None, size, raw_sha256=sha)
        return
    yield from read_file(ref.target, kind, max_bytes, source_name, web, input_name=str(path))
