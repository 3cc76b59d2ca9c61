"""API keys: random tokens kept only as SHA-256 hashes in a JSON file (mode 0600), with a role each.

A key looks like `ig_<43 url-safe characters>` (256 random bits); it is printed once by
`innograph apikey create` and never stored. Because the token is long and random, one unsalted
SHA-256 is enough (a slow hash protects guessable passwords, not random tokens) and keeps each
request's check to one hash and one dict lookup. The API re-reads the file when it changes, so a
revoked key stops working without a restart.

Roles: `reader` may run every query; `admin` may also see and manage keys. An admin is a reader.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

KEY_PREFIX = "ig_"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


class Role(str, Enum):
    READER = "reader"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        """True when this role may do what `needed` may do (admin includes reader)."""
        return self is Role.ADMIN or needed is Role.READER


@dataclass(frozen=True)
class ApiKey:
    """One stored key: who it is for, what it may do, and its hash (never the key itself)."""

    name: str
    role: Role
    sha256: str
    created_at: str
    hint: str  # the first characters of the key, to tell keys apart in `apikey list`


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key's name and role (or the anonymous local demo user)."""

    name: str
    role: Role


class ApiKeyError(ValueError):
    """A key cannot be created or revoked (bad name, duplicate, unknown)."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeyStore:
    """The key file: create, list, revoke (for the CLI) and verify (for the API, reloaded on change)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int] | None = None
        self._by_hash: dict[str, ApiKey] = {}

    # -- reading -------------------------------------------------------------------------------
    def _read(self) -> list[ApiKey]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [ApiKey(k["name"], Role(k["role"]), k["sha256"], k["created_at"], k.get("hint", "")) for k in raw["keys"]]

    def keys(self) -> list[ApiKey]:
        """Every stored key, oldest first."""
        return self._read()

    def _refresh(self) -> None:
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp or stamp is None:
            self._by_hash = {k.sha256: k for k in self._read()}
            self._stamp = stamp

    def verify(self, key: str) -> Principal | None:
        """The principal a presented key belongs to, or None for an unknown or revoked key."""
        if not key.startswith(KEY_PREFIX):
            return None
        self._refresh()
        found = self._by_hash.get(hash_key(key))
        return Principal(found.name, found.role) if found else None

    # -- writing (CLI) ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[list[ApiKey]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            keys = self._read()
            yield keys
            self._write(keys)

    def _write(self, keys: list[ApiKey]) -> None:
        payload = {"version": 1, "keys": [{**asdict(k), "role": k.role.value} for k in keys]}
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=2)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def create(self, name: str, role: Role) -> str:
        """Make a key for `name` with `role`; returns the key, which is not kept anywhere."""
        if not _NAME.fullmatch(name):
            raise ApiKeyError(f"invalid key name {name!r}: use letters, digits and . _ @ - (at most 64)")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        with self._locked() as keys:
            if any(k.name == name for k in keys):
                raise ApiKeyError(f"a key named {name!r} exists; revoke it first or choose another name")
            created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            keys.append(ApiKey(name, Role(role), hash_key(key), created, key[: len(KEY_PREFIX) + 4]))
        return key

    def revoke(self, name: str) -> None:
        """Delete the key called `name`."""
        with self._locked() as keys:
            remaining = [k for k in keys if k.name != name]
            if len(remaining) == len(keys):
                raise ApiKeyError(f"no key named {name!r}")
            keys[:] = remaining
