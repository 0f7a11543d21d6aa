"""`--state-file FILE`: the mock's state kept in a JSON file across restarts.

The file holds what `GET /_mock/state` answers. It is loaded at start if it exists, written when the
mock stops and, while it runs, at most every `interval` seconds when the state changed. Writes go to a
temporary file beside it, flushed to disk and renamed over it, so a crash leaves the old file or the
new one, never part of one. A file that cannot be loaded is refused, never replaced.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
from pathlib import Path

from mock_server.domain.exceptions import InvalidRequest
from mock_server.state.snapshot import NotJson
from mock_server.state.store import BookingStore

__all__ = ["AUTOSAVE_SECONDS", "StateFile", "StateFileError"]

AUTOSAVE_SECONDS = 5.0

logger = logging.getLogger("mock_server")


class StateFileError(Exception):
    """A state file the mock cannot load; the message says what to do."""


class StateFile:
    def __init__(self, path: Path, store: BookingStore, interval: float = AUTOSAVE_SECONDS) -> None:
        self.path = path
        self.store = store
        self.interval = interval
        self._saved_revision: int | None = None

    def load(self) -> bool:
        """Replace the store's state with the file's; False if there is no file yet."""
        advice = "fix it, or move it away to start from the fixtures (the mock never overwrites it)"
        try:
            raw = self.path.read_bytes()
            raw.decode("utf-8")
        except FileNotFoundError:
            return False
        except (OSError, UnicodeDecodeError) as error:
            raise StateFileError(f"cannot read the state file {self.path}: {error}") from None
        try:
            self.store.import_json(raw)  # decoded straight from the bytes: see snapshot.py
        except NotJson as error:
            raise StateFileError(
                f"the state file {self.path} is not valid JSON, perhaps cut short ({error.message}); {advice}"
            ) from None
        except InvalidRequest as error:
            raise StateFileError(
                f"the state file {self.path} is not a state export: {error.message}; {advice}"
            ) from None
        self._saved_revision = self.store.revision
        return True

    def save(self) -> bool:
        """Write the state if it changed since it was loaded or last written; whether it wrote."""
        revision = self.store.revision
        if revision == self._saved_revision:
            return False
        write_atomically(self.path, json.dumps(self.store.export()).encode())
        self._saved_revision = revision
        return True

    async def autosave(self) -> None:
        """Save every `interval` seconds, for as long as the task runs."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.save()
            except OSError as error:
                logger.error("cannot write the state file %s: %s", self.path, error)
            except Exception:  # a bug must not end the saving for the rest of the session: say so, go on
                logger.exception("cannot save the state to %s", self.path)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: a temporary file in the same folder, synced, then renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
