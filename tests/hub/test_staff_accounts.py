"""Staff accounts on the hub store (SQLite and PostgreSQL) and `kiosk hub user`."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from counter_support import Desks
from hub_support import hub_db
from kiosk.hub.accounts import Accounts, AccountError, LoginRefused, StaffUser, may_use_counter

ROOT = Path(__file__).parents[2]


@pytest.fixture
def desks(request, tmp_path, store_kind):
    d = Desks(tmp_path, hub_db(request, store_kind))
    yield d
    d.close()


def test_login_session_expiry_and_logout(desks):
    accounts = Accounts(desks.store, desks.clock)
    accounts.add("siti", "rahasia-panjang", "officer", "dukcapil", desks.settings.catalog)
    secret, user = accounts.login("siti", "rahasia-panjang")
    assert user == StaffUser("siti", "officer", "dukcapil")
    assert accounts.session_user(secret) == user
    assert accounts.session_user("made-up") is None
    desks.clock.tick(13 * 60)                       # the next day: the session has expired
    assert accounts.session_user(secret) is None
    secret, _ = accounts.login("siti", "rahasia-panjang")
    accounts.logout(secret)
    assert accounts.session_user(secret) is None


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(desks):
    accounts = Accounts(desks.store, desks.clock)
    accounts.add("budi", "rahasia-panjang", "officer", "dukcapil")
    for _ in range(4):
        with pytest.raises(LoginRefused) as info:
            accounts.login("budi", "salah-salah-salah")
        assert info.value.kind == "wrong"
    with pytest.raises(LoginRefused) as info:
        accounts.login("budi", "salah-salah-salah")
    assert info.value.kind == "locked" and "15 menit" in info.value.message("id")
    with pytest.raises(LoginRefused) as info:
        accounts.login("budi", "rahasia-panjang")        # even the right one, while locked
    assert info.value.kind == "locked"
    desks.clock.tick(16)
    assert accounts.login("budi", "rahasia-panjang")[1].username == "budi"


def test_disabled_users_and_changed_passwords_end_sessions(desks):
    accounts = Accounts(desks.store, desks.clock)
    accounts.add("ani", "rahasia-panjang", "manager")
    secret, _ = accounts.login("ani", "rahasia-panjang")
    accounts.set_password("ani", "rahasia-baru-sekali")
    assert accounts.session_user(secret) is None
    secret, _ = accounts.login("ani", "rahasia-baru-sekali")
    accounts.disable("ani")
    assert accounts.session_user(secret) is None
    with pytest.raises(LoginRefused) as info:
        accounts.login("ani", "rahasia-baru-sekali")
    assert info.value.kind == "disabled"
    with pytest.raises(LoginRefused):
        accounts.login("nobody", "rahasia-panjang")
    stored = desks.store.staff_row("ani")["password_hash"]
    assert stored.startswith("$argon2id$") and "rahasia" not in stored


def test_bad_accounts_are_refused_with_what_to_change(desks):
    accounts = Accounts(desks.store, desks.clock)
    for args, text in ((("Siti!", "x" * 12, "officer", "dukcapil"), "user name"),
                       (("siti", "short", "officer", "dukcapil"), "10 characters"),
                       (("siti", "x" * 12, "officer", None), "--agency"),
                       (("siti", "x" * 12, "boss", None), "role"),
                       (("siti", "x" * 12, "officer", "pajak"), "unknown agency")):
        with pytest.raises(AccountError, match=text):
            accounts.add(*args, catalog=desks.settings.catalog)
    accounts.add("siti", "x" * 12, "officer", "dukcapil")
    with pytest.raises(AccountError, match="exists"):
        accounts.add("siti", "x" * 12, "officer", "dukcapil")


def test_roles_at_counters():
    officer = StaffUser("siti", "officer", "dukcapil")
    assert may_use_counter(officer, "dukcapil") and not may_use_counter(officer, "imigrasi")
    assert may_use_counter(StaffUser("a", "agency", "imigrasi"), "imigrasi")
    assert may_use_counter(StaffUser("m", "manager", None), "imigrasi")
    assert may_use_counter(StaffUser("r", "admin", None), "dukcapil")


def test_the_command_line(tmp_path, store_kind, request):
    d = Desks(tmp_path, hub_db(request, store_kind))
    db = d.store.url if store_kind == "postgresql" else str(tmp_path / "hub.sqlite3")
    d.close()

    def run(*args, stdin=""):
        return subprocess.run([sys.executable, "-c", "import sys; from kiosk.cli.users import "
                               "main; sys.exit(main(sys.argv[1:]))", *args,
                               "--config", str(tmp_path / "kiosk.toml"), "--db", db],
                              input=stdin, capture_output=True, text=True, cwd=ROOT,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    added = run("add", "siti", "--role", "officer", "--agency", "dukcapil",
                "--password-stdin", stdin="rahasia-panjang\n")
    assert added.returncode == 0, added.stderr
    bad = run("add", "rudi", "--role", "officer", "--password-stdin", stdin="rahasia-panjang\n")
    assert bad.returncode == 2 and "--agency" in bad.stderr
    assert run("add", "ani", "--role", "manager", "--password-stdin",
               stdin="rahasia-panjang\n").returncode == 0
    assert run("disable", "siti").returncode == 0
    listed = run("list")
    assert "siti" in listed.stdout and "disabled" in listed.stdout
    assert "ani " in listed.stdout and "must change password" in listed.stdout
    assert "rahasia" not in listed.stdout
    from kiosk.hub.audit import Audit
    from kiosk.hub.stores import open_hub_store
    store = open_hub_store(db)
    try:
        done = [(r["action"], r["target"], r["address"]) for r in Audit(store).recent()]
    finally:
        store.close()
    assert done == [("user.disable", "siti", "cli"), ("user.add", "ani", "cli"),
                    ("user.add", "siti", "cli")]
