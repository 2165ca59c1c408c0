"""Operations: what keeps a kiosk or hub running for years without a developer.

What lives here (standard library, kiosk.store and kiosk.queueing only):
  marker     a store that has existed is never silently recreated; numbering continues
             after a restore (`<store>.marker` beside the file)
  errors     store failures in plain words ("disk full"): DiskFull, KioskStore
  backup     online SQLite backups, verified and rotated; restore
  retention  how long each kind of record is kept (UU 27/2022 PDP) and the daily purge
  settings   the [store] keys these modules read, validated like kiosk.config
  doctor     `kiosk doctor`'s checks as plain functions: Check(name, level, message)
  clock      the hub's rules for the days and times a kiosk sends
  sdnotify   systemd's READY/WATCHDOG notifications over $NOTIFY_SOCKET
  install    `kiosk install`: system user, folders, configuration, units

What may not live here: Kivy, pyserial, FastAPI or the devices package (the doctor's
measurements of devices and of the hub over HTTP are taken by kiosk/cli/ops.py and passed
in, so the staff panel can show the same checks); and SQL: the statements stay in the
store modules (kiosk/store.py, kiosk/hub/*store.py), except SQLite's backup API and the
read snapshot a backup is counted in (kiosk/ops/backup.py).
"""
