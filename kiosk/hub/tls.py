"""A private certificate authority for one MPP and the hub's server certificate
(`kiosk hub tls-init`), so kiosks and displays talk to the hub over TLS without a public CA.

    DIR/ca.pem     the MPP's CA certificate: copy it to every kiosk and display ([hub] ca_file)
    DIR/ca.key     the CA's private key: keep it off the hub (a USB stick in a safe); it is
                   needed only to make the next server certificate
    DIR/hub.pem    the hub's certificate (its names and addresses), signed by the CA
    DIR/hub.key    its private key: `kiosk hub serve --tls-cert DIR/hub.pem --tls-key DIR/hub.key`

Run again with the same DIR to renew or re-address the hub: the CA is kept, so kiosks keep
trusting it; only hub.pem and hub.key are made anew.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
SERVER_DAYS = 825          # the longest a browser accepts for a server certificate


@dataclass
class Made:
    ca_cert: Path
    ca_key: Path
    cert: Path
    key: Path
    ca_reused: bool


def init(out: Path, hosts: list[str], ips: list[str], mpp_name: str = "MPP",
         now: datetime | None = None) -> Made:
    """Make (or reuse) the CA in `out` and a server certificate for `hosts` and `ips`.
    ValueError for an address that is not one, or no name at all."""
    addresses = [ipaddress.ip_address(ip) for ip in ips]          # ValueError: plain words
    if not hosts and not addresses:
        raise ValueError("name the hub: at least one --host or --ip")
    now = now or datetime.now(timezone.utc)
    out.mkdir(parents=True, exist_ok=True)
    made = Made(out / "ca.pem", out / "ca.key", out / "hub.pem", out / "hub.key", False)
    if made.ca_cert.exists() and made.ca_key.exists():
        ca_key = serialization.load_pem_private_key(made.ca_key.read_bytes(), None)
        ca_cert = x509.load_pem_x509_certificate(made.ca_cert.read_bytes())
        made.ca_reused = True
    else:
        ca_key, ca_cert = _make_ca(mpp_name, now)
        _write_key(made.ca_key, ca_key)
        made.ca_cert.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(h) for h in hosts] + [x509.IPAddress(a) for a in addresses]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                            hosts[0] if hosts else str(addresses[0])),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, mpp_name[:64])])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1))
            .not_valid_after(now + timedelta(days=SERVER_DAYS))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=False,
                                         content_commitment=False, data_encipherment=False,
                                         key_agreement=True, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    _write_key(made.key, key)
    made.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return made


def _make_ca(mpp_name: str, now: datetime):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Anjungan CA {mpp_name}"[:64]),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, mpp_name[:64])])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1))
            .not_valid_after(now + timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                         crl_sign=True, key_encipherment=False,
                                         content_commitment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _write_key(path: Path, key) -> None:
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, 0o600)
