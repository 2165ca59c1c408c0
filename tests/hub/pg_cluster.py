"""A throwaway PostgreSQL server for the hub tests: initdb + pg_ctl in a temporary folder.

The server runs as the current user, or, when the tests run as root (CI), as the `postgres`
account that Debian's postgresql package creates (PostgreSQL refuses to run as root). It
listens on 127.0.0.1 on a free port with trust authentication and no fsync: the data is
thrown away with the folder. Each test gets a database of its own (`new_database`).

Set ANJUNGAN_TEST_PG_URL=postgresql://user@host:port/db to use a server you run yourself
(the user must be allowed to CREATE DATABASE).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why and what to do."""


def server_bindir() -> Path | None:
    """Where initdb and pg_ctl live: Debian keeps them out of PATH, per major version."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                        else 0, reverse=True)
    for folder in candidates:
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server the tests may create databases in (ours, or one named by the environment)."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self._names = itertools.count(1)

    def check(self) -> "Server":
        import psycopg
        try:
            with psycopg.connect(self.admin_url, connect_timeout=5) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise Unavailable(f"cannot connect to {self.admin_url}: {exc}".strip()) from None
        return self

    def new_database(self) -> str:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo
        name = f"anjungan_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        params = conninfo_to_dict(self.admin_url)
        params["dbname"] = name
        host, port, user = params.get("host", "127.0.0.1"), params.get("port", 5432), params.get("user", "")
        return f"postgresql://{user}@{host}:{port}/{name}"

    def stop(self) -> None:
        pass


class Cluster(Server):
    """initdb + pg_ctl start in a temporary folder; `stop` removes every trace."""

    USER = "anjungan"

    def __init__(self, durable: bool = False):
        bindir = server_bindir()
        if bindir is None:
            raise Unavailable("the PostgreSQL server is not installed (initdb/pg_ctl not found); "
                              "`python3 -m kiosk.dev test` installs Debian's postgresql package "
                              "when run as root, or set ANJUNGAN_TEST_PG_URL")
        self.bindir = bindir
        self.run_as = None
        if os.geteuid() == 0:
            try:
                self.run_as = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no 'postgres' account to run "
                                  "the server as (Debian's postgresql package creates it)") from None
        self.folder = Path(tempfile.mkdtemp(prefix="anjungan-pg-"))
        self.data = self.folder / "data"
        if self.run_as:
            os.chown(self.folder, self.run_as.pw_uid, self.run_as.pw_gid)
        self.port = _free_port()
        try:
            self._pg("initdb", "-D", str(self.data), "-U", self.USER, "--auth=trust",
                     "--encoding=UTF8", "--no-locale", "--no-sync")
            # durable (bench/hub.py): every commit on disk before it is answered, as in an
            # MPP; the tests throw the data away and skip the fsyncs.
            safety = ("-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
                      if durable else
                      "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                       f"{safety} -c max_connections=200")
            self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                     "-o", options, "-w", "-t", "60", "start")
        except (OSError, subprocess.CalledProcessError) as exc:
            log = self.folder / "server.log"
            detail = getattr(exc, "stderr", "") or ""
            if log.exists():
                detail += log.read_text(errors="replace")[-2000:]
            shutil.rmtree(self.folder, ignore_errors=True)
            raise Unavailable(f"could not start a PostgreSQL server with {self.bindir}: "
                              f"{exc}\n{detail}".strip()) from None
        super().__init__(f"postgresql://{self.USER}@127.0.0.1:{self.port}/postgres")

    def _pg(self, program: str, *args: str) -> None:
        kw = {}
        if self.run_as:
            kw = dict(user=self.run_as.pw_uid, group=self.run_as.pw_gid, extra_groups=[],
                      env={**os.environ, "HOME": self.run_as.pw_dir, "USER": "postgres"})
        subprocess.run([str(self.bindir / program), *args], check=True, cwd=self.folder,
                       capture_output=True, text=True, timeout=120, **kw)

    def stop(self) -> None:
        try:
            self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def start(durable: bool = False) -> Server:
    """The server for this test session; raises Unavailable with the reason. `durable`:
    fsync and synchronous commit on (the throughput bench measures with them)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable("psycopg is not installed (pip install -e '.[test]')") from None
    url = os.environ.get("ANJUNGAN_TEST_PG_URL")
    if url:
        return Server(url).check()
    return Cluster(durable).check()
