"""How a kiosk or display reaches its hub safely, from kiosk.toml's [hub] table:

    url = "https://hub.mpp.local:8750"
    ca_file = "mpp-ca.pem"     the MPP's CA (`kiosk hub tls-init`), relative to kiosk.toml;
                               without it, the system's public CAs verify the hub
    allow_insecure = false     true lets a kiosk use a plain http:// hub on the network

A plain http:// hub that is not this machine (loopback) carries tokens, complaints and
contacts in clear text across the hall's network: a kiosk refuses it before connecting
unless allow_insecure is written, and `kiosk check-config` warns either way.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit


def read(hub: dict, reader, config_path: Path) -> None:
    """Check [hub] ca_file and allow_insecure; problems go to `reader` (kiosk.config.Reader)."""
    ca_file = reader.get(hub, "ca_file", "hub", str, "")
    if ca_file and not _resolve(config_path, ca_file).is_file():
        reader.problem("hub.ca_file", f"{ca_file!r}: no such file (the MPP's CA certificate, "
                       "ca.pem from `kiosk hub tls-init`)")
    reader.get(hub, "allow_insecure", "hub", bool, False)


def _resolve(config_path: Path, name: str) -> Path:
    path = Path(name).expanduser()
    return path if path.is_absolute() else config_path.parent / path


def options(settings) -> dict:
    """HubHttp's keyword arguments for these settings: verify (the CA file, or True) and
    allow_insecure."""
    hub = settings.raw.get("hub", {}) if isinstance(settings.raw, dict) else {}
    ca_file = hub.get("ca_file") or ""
    return {"verify": str(_resolve(settings.path, ca_file)) if ca_file else True,
            "allow_insecure": hub.get("allow_insecure") is True}


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refusal(url: str, allow_insecure: bool) -> str | None:
    """Why this kiosk will not talk to `url`, or None."""
    if urlsplit(url).scheme == "http" and not is_loopback(url) and not allow_insecure:
        return (f"{url} is plain HTTP on the network: tokens and complaints would travel in "
                "clear text. Use https:// with [hub] ca_file (`kiosk hub tls-init`), or write "
                "allow_insecure = true in [hub] to accept the risk")
    return None


def warnings(settings) -> list[tuple[str, str, str]]:
    """(file, key, why) for check-config: a plain-HTTP hub on the network."""
    url = settings.hub_url
    if not url or urlsplit(url).scheme != "http" or is_loopback(url):
        return []
    file = str(settings.path)
    if options(settings)["allow_insecure"]:
        return [(file, "hub.url", f"{url} is plain HTTP on the network (allow_insecure = true): "
                 "tokens, complaints and contacts travel in clear text; use https:// and "
                 "[hub] ca_file")]
    return [(file, "hub.url", f"{url} is plain HTTP on the network: this kiosk refuses it; "
             "use https:// and [hub] ca_file (`kiosk hub tls-init`), or allow_insecure = true")]
