"""Writes that cannot be half-done: a temporary file beside the target, renamed into place.

A model, an index or a final output file is written to a hidden temporary file
in the same folder (``.NAME.XXXX.tmp``), flushed to disk, and renamed over the
target only when it is complete. A rename within one folder is atomic on POSIX
file systems and on NTFS, so a reader sees the old file or the new one, never a
mix, and a crash (a kill, a power cut, a full disk) at any moment leaves the old
file as it was. What a crash can leave is the hidden temporary file; the next
write to the same target removes such leftovers when they are older than a day.

A full disk (``ENOSPC``) or an exhausted quota (``EDQUOT``) raises
:class:`DiskFullError`, an ``OSError`` whose message names the file and says that
the previous version was kept.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path

#: errno values that mean "no room left to write".
DISK_FULL_ERRNOS = frozenset(code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None)
#: Temporary files of a crashed write are removed by a later write to the same
#: target once they are this old (seconds): old enough that no live writer
#: (a slow save of a big model takes seconds, not hours) still owns them.
STALE_TEMP_SECONDS = 24 * 3600


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before
    # threads exist, so no other thread ever creates a file under a zero umask.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
#: Permissions of a new file: what open() would give it. mkstemp makes 0600
#: files, which would hide a shared model or output from its other users.
NEW_FILE_MODE = 0o666 & ~_UMASK


class DiskFullError(OSError):
    """The disk (or quota) is full: the file was not written, the old one is intact."""


def disk_full_error(exc: OSError, path: str | os.PathLike) -> OSError:
    """``exc`` as a :class:`DiskFullError` with a message that says what happened,
    when it is one; otherwise ``exc`` itself."""
    if isinstance(exc, DiskFullError) or exc.errno not in DISK_FULL_ERRNOS:
        return exc
    reason = "the disk quota is exhausted" if exc.errno == getattr(errno, "EDQUOT", None) else "no space left on the device"
    error = DiskFullError(f"{reason} while writing {path}; nothing was replaced "
                          "(an earlier version of the file, if any, is unchanged)")
    error.errno = exc.errno  # set after: with (errno, text) arguments str() would prefix "[Errno 28]"
    return error


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(path: Path, now: float | None = None) -> None:
    """Remove temporary files left beside ``path`` by crashed writes."""
    now = time.time() if now is None else now
    try:
        leftovers = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for leftover in leftovers:
        try:
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
        except OSError:
            pass


#: Suffix of the visible file a resumable output grows in until it is complete.
PARTIAL_SUFFIX = ".partial"


def partial_path(path: str | os.PathLike) -> Path:
    """Where a resumable output grows: ``scores.jsonl`` -> ``scores.jsonl.partial``."""
    path = Path(path)
    return path.with_name(path.name + PARTIAL_SUFFIX)


class AtomicFile:
    """A file that appears at ``path`` only when :meth:`commit` is called.

    ``mode`` is an ``open`` mode for writing (``"w"``, ``"wb"``, ...); with
    ``mode=None`` no stream is opened and the caller writes to
    :attr:`temp_path` itself (for libraries that take a path, like pyarrow).
    Use as a context manager: leaving the block normally commits, an exception
    discards the temporary file and leaves the target untouched.

    With ``partial=True`` the data grows in a visible ``NAME.partial`` file
    instead (``mode`` ``"a"`` continues one) that is *kept* when the writer
    fails or is killed: a long run's rows survive for a resume, and the
    target still only ever holds a complete file.
    """

    def __init__(self, path: str | os.PathLike, mode: str | None = "wb", *, encoding: str | None = None,
                 newline: str | None = None, partial: bool = False):
        self.path = Path(path)
        self.closed = False
        if self.path.is_symlink():
            # replace the file the link points to, and keep the link
            self.path = Path(os.path.realpath(self.path))
        if self.path.exists() and not self.path.is_file():
            # A device or a pipe (/dev/null, /dev/stdout, a FIFO): there is no
            # old version to keep, and renaming over it would replace the device.
            self.direct = True
            self.temp_path = self.path
            self.stream = None if mode is None else open(self.path, mode, encoding=encoding, newline=newline)
            return
        self.direct = False
        self.keep_on_failure = partial
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if partial:
            self.temp_path = partial_path(self.path)
            self.stream = None if mode is None else open(self.temp_path, mode, encoding=encoding, newline=newline)
            return
        remove_stale_temps(self.path)
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.temp_path = Path(temp)
        try:
            os.fchmod(fd, self._mode())
        except (AttributeError, OSError):  # no fchmod on Windows
            pass
        if mode is None:
            os.close(fd)
            self.stream = None
        else:
            self.stream = os.fdopen(fd, mode, encoding=encoding, newline=newline)

    def _mode(self) -> int:
        try:
            return self.path.stat().st_mode & 0o777  # replacing a file keeps its permissions
        except OSError:
            return NEW_FILE_MODE

    # The few file methods writers use; a full disk comes out as DiskFullError.
    def write(self, data):
        try:
            return self.stream.write(data)
        except OSError as exc:
            raise disk_full_error(exc, self.path) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise disk_full_error(exc, self.path) from exc

    def tell(self) -> int:
        return self.stream.tell()

    def commit(self) -> Path:
        """Flush the data to disk and rename the file into place."""
        if self.closed:
            return self.path
        if self.direct:
            self.closed = True
            if self.stream is not None:
                try:
                    self.stream.close()
                except OSError as exc:
                    raise disk_full_error(exc, self.path) from exc
            return self.path
        try:
            if self.stream is not None:
                self.stream.flush()
                os.fsync(self.stream.fileno())
                self.stream.close()
            else:
                fd = os.open(self.temp_path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            os.replace(self.temp_path, self.path)
        except OSError as exc:
            self.discard()
            raise disk_full_error(exc, self.path) from exc
        except BaseException:
            self.discard()
            raise
        self.closed = True
        _fsync_folder(self.path.parent)
        return self.path

    def discard(self) -> None:
        """Drop the temporary file (keep it, for a partial one); the target stays as it was."""
        if self.closed:
            return
        self.closed = True
        if self.stream is not None:
            try:
                self.stream.close()
            except OSError:  # closing flushes, and a full disk fails that flush too
                pass
        if self.direct or self.keep_on_failure:
            return
        try:
            os.unlink(self.temp_path)
        except FileNotFoundError:
            pass

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
        return False


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into
    place, so a crash never leaves a truncated file where a good one was."""
    with AtomicFile(path, "wb") as out:
        out.write(data)


# --- folders -------------------------------------------------------------------------

#: renameat2(2) flag that swaps two paths in one step (Linux 3.15+, ext4, xfs, btrfs, tmpfs).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; False where the system or file system cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # not Linux, or a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, getattr(errno, "EOPNOTSUPP", errno.EINVAL)):
        return False
    raise OSError(code, os.strerror(code), str(first))


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _incoming_prefix(target: Path) -> str:
    return f".{target.name}.incoming-"


def _old_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def finish_folder_swap(target: str | os.PathLike) -> None:
    """Complete a :func:`replace_folder` that a kill interrupted, so ``target``
    holds the newest complete output and no leftovers stay beside it.

    A complete new folder waits under ``.NAME.incoming-<inode>``, named after
    its own inode number: when the path still holds that inode, the new folder
    has not gone in yet; when it holds another one, the swap happened and the
    path holds the old output, to be removed. The name alone tells the two
    apart, with no journal file to keep in step.
    """
    target = Path(target)
    old = _old_path(target)
    for incoming in sorted(target.parent.glob(_incoming_prefix(target) + "*")):
        try:
            waiting = incoming.lstat().st_ino == int(incoming.name.rsplit("-", 1)[1])
        except (ValueError, OSError):
            continue
        if not waiting:
            _remove(incoming)
        elif not target.exists() and not target.is_symlink():
            os.rename(incoming, target)  # killed between moving the old output aside and this rename
            _fsync_folder(target.parent)
        else:
            _swap_in(incoming, target)
    if old.exists() and target.exists():
        _remove(old)


def replace_folder(new: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Put the complete folder ``new`` at ``target`` (a folder or file that may
    exist), so a kill at any moment leaves the old ``target`` or the new one
    there, never a mix of their files.

    Where the system can swap two paths in one step (Linux renameat2 with
    RENAME_EXCHANGE) there is no moment without a ``target``; elsewhere the
    old one is renamed aside and the new one renamed in, two renames apart,
    and :func:`finish_folder_swap` (called by the next writer) completes a swap
    a kill cut between them. The old output is removed last.
    """
    new, target = Path(new), Path(target)
    _fsync_folder(new)
    incoming = target.with_name(_incoming_prefix(target) + str(new.lstat().st_ino))
    os.rename(new, incoming)
    _fsync_folder(target.parent)
    if not target.exists() and not target.is_symlink():
        os.rename(incoming, target)
        _fsync_folder(target.parent)
        return target
    _swap_in(incoming, target)
    return target


def _swap_in(incoming: Path, target: Path) -> None:
    if _exchange(incoming, target):
        _fsync_folder(target.parent)
        _remove(incoming)  # it holds the old output now (another inode than its name says)
        return
    old = _old_path(target)
    _remove(old)  # a leftover of an earlier swap whose clean-up a kill cut short
    os.rename(target, old)
    os.rename(incoming, target)
    _fsync_folder(target.parent)
    _remove(old)
