"""Finding and opening the files of a local input safely.

Folders are walked (sorted, hidden names skipped) and glob matches checked under the
`[ingest] follow_symlinks` policy: "inside" (default) follows a symbolic link only when its target
is inside the input root (the folder given, or a glob's fixed leading folders), "never" follows
none, "always" follows all. What is not read is *skipped* with a reason, never opened and never
silently dropped: FIFOs, sockets, device files, dangling links, links that leave the root, links
back into a folder already being read (`SkippedInput`, accounted as `skipped_<kind>` records).
A path named on its own (not found by walking or globbing) is followed if it is a link, unless the
policy is "never". Files are opened non-blocking and checked with fstat, so a FIFO or device that
appears between the check and the open is still never read. No parsing here.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from transforms.ingest.records import Rejected
from transforms.ingest.sanitise import storable

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileRef:
    """A regular file to read: `path` as found (the record's input name), `target` to open."""

    path: Path
    target: Path


class NotRegularFile(OSError):
    """Raised by `open_regular` when the path is not (or is no longer) a regular file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} is not a regular file")
        self.reason = reason


def special_kind(mode: int) -> str | None:
    """The `skipped_*` reason for a file type that is never opened, None for files and folders."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "skipped_fifo"
    if stat.S_ISSOCK(mode):
        return "skipped_socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "skipped_device"
    return "skipped_special"


_SPECIAL_WHAT = {"skipped_fifo": "a named pipe (FIFO)", "skipped_socket": "a socket",
                 "skipped_device": "a device file", "skipped_special": "not a regular file"}


def skipped(path: Path, reason: str, detail: str) -> Rejected:
    return Rejected(storable(str(path)), None, reason, storable(detail))


def _link_text(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _within(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:  # different drives
        return False


class Walker:
    """Lists the regular files under one input root, honouring the symlink policy."""

    def __init__(self, root: Path, policy: str) -> None:
        self.root = root
        self.root_real = os.path.realpath(root)
        self.policy = policy
        self._seen_dirs: set[tuple[int, int]] = set()

    def walk(self, path: Path, named: bool = False, via_glob: bool = False) -> Iterator[FileRef | Rejected]:
        """Regular files at or under `path` (FileRef) and what was skipped or unreadable (Rejected)."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            yield Rejected(storable(str(path)), None, "input_not_found", f"{storable(str(path))} does not exist")
            return
        except OSError as exc:
            yield Rejected(storable(str(path)), None, "unreadable_input", f"cannot stat: {exc.strerror or exc}")
            return
        target = path
        if stat.S_ISLNK(st.st_mode):
            if self.policy == "never":
                yield skipped(path, "skipped_symlink", f"symbolic link to {_link_text(path)}, not followed "
                              "([ingest] follow_symlinks = \"never\")")
                return
            try:
                st = os.stat(path)
            except FileNotFoundError:
                yield skipped(path, "skipped_dangling_link", f"symbolic link to {_link_text(path)}, which "
                              "does not exist")
                return
            except OSError as exc:
                reason = "skipped_symlink_loop" if exc.errno == errno.ELOOP else "unreadable_input"
                yield skipped(path, reason, f"cannot follow the symbolic link: {exc.strerror or exc}")
                return
            real = os.path.realpath(path)
            if self.policy == "inside" and not named and not _within(real, self.root_real):
                yield skipped(path, "skipped_symlink_outside", f"symbolic link to {real}, outside the input "
                              f"root {self.root_real} ([ingest] follow_symlinks = \"inside\")")
                return
            target = Path(real)
        elif via_glob and self.policy != "always":
            # a glob match may lie under a linked folder (`**` follows them): check the whole path
            real = os.path.realpath(path)
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
            through_link = os.path.normpath(os.path.join(self.root_real, rel)) != real
            if through_link and self.policy == "never":
                yield skipped(path, "skipped_symlink", "reached through a symbolic link, not followed "
                              "([ingest] follow_symlinks = \"never\")")
                return
            if through_link and not _within(real, self.root_real):
                yield skipped(path, "skipped_symlink_outside", f"reached through a symbolic link to {real}, "
                              f"outside the input root {self.root_real}")
                return
            target = Path(real)
        kind = special_kind(st.st_mode)
        if kind is not None:
            yield skipped(path, kind, f"{_SPECIAL_WHAT[kind]}: not opened")
            return
        if stat.S_ISREG(st.st_mode):
            yield FileRef(path, target)
            return
        key = (st.st_dev, st.st_ino)
        if key in self._seen_dirs:
            yield skipped(path, "skipped_symlink_loop", "a folder that is already being read (a symbolic link "
                          "loop or a second path to it)")
            return
        self._seen_dirs.add(key)
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            yield Rejected(storable(str(path)), None, "unreadable_input",
                           f"cannot list folder: {exc.strerror or exc}")
            return
        for name in names:
            if not name.startswith("."):
                yield from self.walk(path / name)


def glob_root(pattern: str) -> Path:
    """The fixed leading folders of a glob pattern (its input root)."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading without following a link in its last component; a FIFO,
    socket or device (even one swapped in after the directory walk) raises `NotRegularFile`
    without blocking."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFile(path, "skipped_symlink") from exc
        raise
    try:
        st = os.fstat(fd)
        kind = special_kind(st.st_mode)
        if kind is not None or not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, kind or "skipped_special")
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def digest(fh: BinaryIO, head: bytes = b"") -> tuple[int, str]:
    """(size, SHA-256 hex) of `head` plus the rest of the stream."""
    h = hashlib.sha256(head)
    size = len(head)
    while chunk := fh.read(_CHUNK):
        h.update(chunk)
        size += len(chunk)
    return size, h.hexdigest()
