"""Input adapters behind one interface: an `InputSpec` in, an iterator of items out.

`resolve_inputs` turns CLI/DAG inputs (paths, globs, directories, URLs, `KIND:` prefixes) and
configured source names into specs; `read_input` dispatches a spec to its adapter (files are
opened here, gzip detected by magic bytes). Items are Candidate, Rejected or Duplicate values.
Adapters never raise on bad content; this module never decides what is a duplicate.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from transforms.ingest.records import RAW_KEEP_BYTES, Candidate, Duplicate, Rejected
from transforms.ingest.settings import KINDS, SourceSpec
from transforms.ingest.sources.csvfile import read_csv
from transforms.ingest.sources.documents import document_record, iter_directory
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
    """Open a file for binary reading, transparently gunzipping when it starts with gzip magic."""
    fh = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    try:
        magic = fh.read(2)
        fh.seek(0)
    except OSError:
        fh.close()
        raise
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def _read_limited(fh: BinaryIO, limit: int) -> tuple[bytes, int]:
    data = fh.read(limit + 1)
    size = len(data)
    if size > limit:
        while chunk := fh.read(1 << 20):
            size += len(chunk)
    return data, size


def read_file(path: Path, kind: str, max_bytes: int, source_name: str | None, web: WebContext | None,
              input_name: str | None = None) -> Iterator[Item]:
    """Items of one local file of a known kind."""
    name = input_name or str(path)
    try:
        fh = open_input(path)
    except OSError as exc:
        yield Rejected(name, None, "unreadable_input", f"cannot open {path}: {exc.strerror or exc}")
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
                data, size = _read_limited(fh, max_bytes)
            except READ_ERRORS as exc:
                yield Rejected(name, None, "unreadable_input", f"cannot read {path}: {exc}")
                return
            if size > max_bytes:
                yield Rejected(name, 1, "text_too_large",
                               f"file is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                               data[:RAW_KEEP_BYTES], size)
            elif kind in ("text", "md", "html"):
                yield document_record(data, kind, name, source_name)
            elif web is None:
                yield Rejected(name, None, "unsupported_format", f"{kind} inputs need the web fetcher")
            elif kind == "feed":
                yield from feed_items(data, "application/xml", "", name, source_name, web)
            else:
                yield from urllist_items(data, "", name, source_name, web)


def _expand(location: str) -> list[Path] | None:
    p = Path(location).expanduser()
    if p.exists():
        return [p]
    if glob.has_magic(location):
        return [Path(m) for m in sorted(glob.glob(os.path.expanduser(location), recursive=True))]
    return None


def read_input(spec: InputSpec, max_bytes: int, web: WebContext | None) -> Iterator[Item]:
    """All items of one input spec."""
    if spec.is_url:
        if web is None:
            yield Rejected(spec.location, None, "unsupported_format", "URL inputs need the web fetcher")
            return
        kind = spec.kind if spec.kind in ("feed", "urls", "page") else "url"
        yield from url_items(spec.location, kind, spec.source_name, web)
        return
    paths = _expand(spec.location)
    if paths is None:
        yield Rejected(spec.location, None, "input_not_found",
                       f"{spec.location} does not exist; pass a file, directory, glob or http(s) URL")
        return
    if not paths and web is not None:  # an empty drop folder is normal, not an error
        web.note("glob_matched_nothing")
    for path in paths:
        if path.is_dir():
            for file, error in iter_directory(path):
                if error:
                    yield Rejected(str(file), None, "unreadable_input", error)
                    continue
                yield from _read_one(file, None, max_bytes, spec.source_name, web)
        else:
            yield from _read_one(path, spec.kind, max_bytes, spec.source_name, web)


def _read_one(path: Path, kind: str | None, max_bytes: int, source_name: str | None,
              web: WebContext | None) -> Iterator[Item]:
    kind = kind if kind not in (None, "dir", "url", "page") else kind_for_path(path)
    if kind is None:
        try:
            with open(path, "rb") as fh:
                head, size = fh.read(4096), path.stat().st_size
        except OSError:
            head, size = b"", 0
        yield Rejected(str(path), None, "unsupported_format",
                       f"{path.name}: unknown file type; use .jsonl .json .csv .txt .md .html "
                       "(optionally .gz), .urls, .rss/.atom/.xml, or a KIND: prefix", head, size)
        return
    yield from read_file(path, kind, max_bytes, source_name, web)
