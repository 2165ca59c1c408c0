"""Ed25519 signing keys for booking codes, and the kiosk's keyring of public keys.

The back office signs with a private key; kiosks hold only public keys, several at once so
that a new key can be rolled out before the old one is retired. Each key has a key id
(`kid`) that travels in the token header and picks the key from the keyring.

A keyring is read from one of (see docs/bookings.md):
  * a folder: every `<kid>.public.pem` or `<kid>.pem` file holding one public key
    (`<kid>.private.pem` files are skipped with a warning: they do not belong on a kiosk);
  * a TOML file: a `[keys]` table, `kid = "-----BEGIN PUBLIC KEY-----…"`;
  * a PEM file: one public key, its kid taken from the file name like in a folder.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)
KID = re.compile(r"[A-Za-z0-9._-]{1,32}")
PRIVATE_SUFFIX = ".private.pem"
PUBLIC_SUFFIX = ".public.pem"

Keyring = dict  # kid -> Ed25519PublicKey


class KeyringError(ValueError):
    """A key or keyring that cannot be used; the message says which file and why."""


def kid_from_filename(path: Path) -> str:
    name = path.name
    for suffix in (PRIVATE_SUFFIX, PUBLIC_SUFFIX, ".pem"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _check_kid(kid: str, where: str) -> str:
    if not isinstance(kid, str) or not KID.fullmatch(kid):
        raise KeyringError(
            f"{where}: key id {kid!r} must be 1-32 letters, digits, '.', '_' or '-'"
        )
    return kid


def public_key_from_pem(data: bytes, where: str) -> Ed25519PublicKey:
    if b"PRIVATE KEY" in data:
        raise KeyringError(f"{where}: holds a private key; kiosks need only the public key")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise KeyringError(f"{where}: not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyringError(f"{where}: not an Ed25519 key (booking codes use EdDSA/Ed25519)")
    return key


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KeyringError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_keyring(path) -> Keyring:
    """kid -> public key from a folder, a TOML file or a PEM file; KeyringError when unusable."""
    path = Path(path).expanduser()
    if path.is_dir():
        keyring = _load_folder(path)
    elif path.suffix.lower() == ".toml":
        keyring = _load_toml(path)
    else:
        kid = _check_kid(kid_from_filename(path), str(path))
        keyring = {kid: public_key_from_pem(_read(path), str(path))}
    if not keyring:
        raise KeyringError(f"{path}: no public keys found")
    return keyring


def _load_folder(folder: Path) -> Keyring:
    keyring: Keyring = {}
    for file in sorted(folder.glob("*.pem")):
        if file.name.endswith(PRIVATE_SUFFIX):
            log.warning("skipping %s: private keys do not belong on a kiosk", file)
            continue
        kid = _check_kid(kid_from_filename(file), str(file))
        if kid in keyring:
            raise KeyringError(f"{file}: key id {kid!r} appears twice in {folder}")
        keyring[kid] = public_key_from_pem(_read(file), str(file))
    return keyring


def _load_toml(path: Path) -> Keyring:
    try:
        document = tomllib.loads(_read(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KeyringError(f"{path}: not valid TOML ({exc})") from None
    table = document.get("keys")
    if not isinstance(table, dict):
        raise KeyringError(f"{path}: needs a [keys] table of kid = \"PEM text\"")
    keyring: Keyring = {}
    for kid, pem in table.items():
        where = f"{path}: keys.{kid}"
        _check_kid(kid, where)
        if not isinstance(pem, str):
            raise KeyringError(f"{where}: must be the PEM text of a public key")
        keyring[kid] = public_key_from_pem(pem.encode("utf-8"), where)
    return keyring


def load_private_key(path) -> tuple[str, Ed25519PrivateKey]:
    """(kid from the file name, key) for a `<kid>.private.pem` file; KeyringError otherwise."""
    path = Path(path).expanduser()
    data = _read(path)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyringError(f"{path}: not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyringError(f"{path}: not an Ed25519 private key")
    return kid_from_filename(path), key


def default_kid(today: date | None = None) -> str:
    """Short, sortable key id such as 'k260504'; short because it rides in every QR."""
    return f"k{(today or date.today()):%y%m%d}"


def generate_keypair(folder, kid: str | None = None) -> tuple[str, Path, Path]:
    """Write `<kid>.private.pem` (mode 0600) and `<kid>.public.pem`; never overwrite.

    Returns (kid, private path, public path). KeyringError when the kid is bad or taken.
    """
    folder = Path(folder).expanduser()
    kid = _check_kid(kid or default_kid(), "--kid")
    private_path = folder / f"{kid}{PRIVATE_SUFFIX}"
    public_path = folder / f"{kid}{PUBLIC_SUFFIX}"
    for existing in (private_path, public_path):
        if existing.exists():
            raise KeyringError(f"{existing}: already exists; choose another --kid")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Created with 0600 from the start: no moment where others could read it.
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(private_pem)
        public_path.write_bytes(public_pem)
    except OSError as exc:
        raise KeyringError(f"{folder}: cannot write keys ({exc.strerror or exc})") from None
    return kid, private_path, public_path
