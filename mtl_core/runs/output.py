"""Output folders as transactions: what one command writes appears together, or not at all.

``train --out DIR`` writes predictions, recommendations, metrics and the saved run. Written one by
one into ``DIR``, a killed training left new predictions beside the old run, and two trainings on
the same folder mixed their files. :class:`OutputFolder` makes the folder a transaction:

* **a lock**: the first writer takes an exclusive lock on ``.DIR.lock`` beside the folder (``flock``,
  released by the system even when the process is killed); a second writer is refused at once with
  a message naming the folder and the process that holds it;
* **a staging folder**: everything is written into ``.DIR.staging-*`` beside the folder, on the same
  disk;
* **one swap at the end**: the staging folder takes the folder's place in one step
  (``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, undone at the next start if a
  crash fell between them), so a reader sees the old output or the new one, never a mix;
* **clean-up at the next start**: staging folders that a killed writer left behind are removed
  once the lock is taken (no live writer can own them then);
* **free space first**: :func:`ensure_free_space` refuses to start writing what will not fit, and a
  full disk during writing (``ENOSPC``) becomes an :class:`~mtl_core.errors.OutputError` with the
  staging folder removed and the old output untouched.

An existing folder is replaced only when it holds nothing but what EduMTL writes there, so a
mistyped ``--out ~`` cannot delete anyone's files.

Example:
    >>> with OutputFolder("results/term1") as staging:  # doctest: +SKIP
    ...     (staging / "metrics.json").write_text("{}")
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterable

from ..errors import OutputError

TRAIN_OUTPUTS = ("predictions.csv", "recommendations.csv", "metrics.json", "run")
"""What ``train --out`` writes: an existing folder holding only these may be replaced."""
SPACE_MARGIN = 16 * 2**20
"""Bytes kept free beyond an estimate, for the file system's own bookkeeping and estimates that fall short."""
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class OutputFolder:
    """Write a folder as one transaction (see the module docstring).

    Args:
        path: the folder to create or replace.
        replaceable: the names an existing folder may hold to be replaced; ``None`` allows anything
            (the caller already checked, as :func:`mtl_core.runs.store.save_run` does). Default: what
            ``train`` writes.
        what: how messages name the writer, e.g. ``"training"``.

    Raises:
        OutputError: another writer holds the folder, the folder holds other files, it cannot be
            written, or the disk is full.
    """

    def __init__(self, path: str | os.PathLike, *, replaceable: Iterable[str] | None = TRAIN_OUTPUTS,
                 what: str = "EduMTL command"):
        self.target = Path(os.path.abspath(path))
        self.replaceable = None if replaceable is None else frozenset(replaceable)
        self.what = what
        self.staging: Path | None = None
        self._lock_fd: int | None = None

    # ------------------------------------------------------------------ context manager

    def __enter__(self) -> Path:
        parent = self.target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self._lock()
            recover(self.target)
            self._check_replaceable()
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.staging-", dir=parent))
        except BaseException as error:
            self._unlock()
            raise self._translated(error) from error
        return self.staging

    def __exit__(self, kind, error, traceback) -> bool:
        try:
            if error is None:
                self._commit()
        except BaseException as failure:
            error = failure
        finally:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            self._unlock()
        if error is None:
            return False
        translated = self._translated(error)
        if translated is error:
            if kind is None:
                raise error
            return False  # re-raised by the with statement, with its own traceback
        raise translated from error

    # ------------------------------------------------------------------ steps

    def _lock(self) -> None:
        """Take ``.NAME.lock`` beside the folder, or refuse naming whoever holds it."""
        import fcntl

        path = lock_path(self.target)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                os.close(fd)
                raise OutputError(
                    f"The output folder '{self.target}' is being written by another EduMTL command"
                    f"{holder}. Wait until it has finished, or choose another output folder."
                ) from None
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:  # else the holder removed the file between our open and our lock: take the new one
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is None:
            return
        try:
            os.unlink(lock_path(self.target))  # while still holding it: see _lock's inode check
        except OSError:
            pass
        os.close(self._lock_fd)
        self._lock_fd = None

    def _check_replaceable(self) -> None:
        target = self.target
        if not target.exists():
            return
        if not target.is_dir():
            raise OutputError(f"The output '{target}' exists and is not a folder. Choose a folder name for the "
                              "output.")
        if self.replaceable is None:
            return
        others = sorted(p.name for p in target.iterdir() if p.name not in self.replaceable)
        if others:
            shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
            raise OutputError(f"The output folder '{target}' already holds other files ({shown}), which a new "
                              f"{self.what} would replace. Choose an empty or new folder.")

    def _commit(self) -> None:
        """Swap the staging folder into place; the old output (if any) ends up in the staging path."""
        _sync_tree(self.staging)
        if not self.target.exists():
            os.rename(self.staging, self.target)
        elif not _exchange(self.staging, self.target):
            retired = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.rename(self.target, retired / "previous")  # a crash here is undone by recover()
            os.rename(self.staging, self.target)
            shutil.rmtree(retired, ignore_errors=True)
        _sync_folder(self.target.parent)

    def _translated(self, error: BaseException) -> BaseException:
        """A full disk or an unwritable folder as an OutputError; anything else unchanged."""
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            return os_error(error, self.target)
        return error


# --------------------------------------------------------------------------- helpers


def lock_path(target: Path) -> Path:
    """The lock file of an output folder: ``.NAME.lock`` beside it."""
    return target.with_name(f".{target.name}.lock")


def recover(target: Path) -> None:
    """Undo what a killed writer of ``target`` left behind (call it holding the lock).

    Staging folders are removed. When ``target`` is missing but a retired copy exists (a crash fell
    between the two renames of a commit without an atomic exchange), the copy is put back first.
    """
    parent, name = target.parent, target.name
    retired = sorted(parent.glob(f".{glob.escape(name)}.old-*"), key=lambda p: p.stat().st_mtime)
    if not target.exists():
        for folder in reversed(retired):
            if (folder / "previous").is_dir():
                os.rename(folder / "previous", target)
                break
    legacy = [p for p in parent.glob(f".{glob.escape(name)}.*") if _LEGACY.fullmatch(p.name[len(name) + 2:])]
    for leftover in [*parent.glob(f".{glob.escape(name)}.staging-*"), *retired, *legacy]:
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


_LEGACY = re.compile(r"old|[a-z0-9_]{8}")
"""What earlier versions left behind after a crash: ``.NAME.old`` and ``tempfile.mkdtemp``'s ``.NAME.x1y2z3w4``."""


def ensure_free_space(folder: str | os.PathLike, needed: int, what: str) -> None:
    """Refuse to write ``needed`` bytes (plus :data:`SPACE_MARGIN`) into ``folder`` when they do not fit.

    Raises:
        OutputError: naming the folder, what was to be written, and both sizes.
    """
    folder = Path(folder)
    probe = folder if folder.exists() else folder.parent
    free = shutil.disk_usage(probe).free
    if free < needed + SPACE_MARGIN:
        raise OutputError(
            f"There is not enough free disk space for {what} in '{folder}': about "
            f"{_megabytes(needed + SPACE_MARGIN)} MB are needed and {_megabytes(free)} MB are free. Free some "
            "space on that disk, or choose a folder on another disk. Nothing was written."
        )


def os_error(error: OSError, where: Path) -> OutputError:
    """An OSError met while writing ``where`` as an :class:`OutputError` a teacher can act on."""
    if error.errno in _DISK_FULL:
        return OutputError(f"The disk holding '{where}' is full ({error.strerror}). Free some space on that disk, "
                           "or choose a folder on another disk. Nothing was written; an earlier output there is "
                           "unchanged.")
    return OutputError(f"'{where}' could not be written ({error.strerror or error}). Check that the folder exists "
                       "and that you may write there, or choose another folder.")


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and one rename: ``path`` holds the old
    content or the new, never part of it. A full disk is an :class:`OutputError`."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise os_error(error, path) from error
        raise


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.3g}"


def _read_holder(fd: int) -> str:
    """", process 1234, since 2024-05-01 10:00:00" from a held lock file, or ""."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux's ``renameat2(RENAME_EXCHANGE)``; False where unsupported.

    Python has no binding for it (``os.replace`` cannot replace a non-empty folder), hence ctypes.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel, or a file system without exchange
    raise OSError(code, os.strerror(code), str(b))


def _sync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder``, so the swap never exposes data still in memory after a
    power cut (a killed process loses nothing the kernel already has)."""
    for root, _, files in os.walk(folder):
        for name in files:
            fd = os.open(Path(root) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _sync_folder(Path(root))


def _sync_folder(folder: Path) -> None:
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
