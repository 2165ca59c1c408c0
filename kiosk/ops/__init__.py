"""Operations: what keeps a kiosk or hub running for years without a developer.

What lives here (core: standard library and kiosk.store only):
  marker     a store that has existed is never silently recreated; numbering continues
             after a restore (`<store>.marker` beside the file)
  errors     store failures in plain words ("disk full"), for staff and IT
  backup     online SQLite backups, verified and rotated; restore
  retention  how long each kind of record is kept (UU 27/2022 PDP) and the daily purge
  settings   the [store] keys these modules read, validated like kiosk.config
  doctor     `kiosk doctor`'s checks as plain functions: Check(name, level, message)
  clock      the hub's rules for times a kiosk sends (its day, not ahead of its clock)

What may not: Kivy, pyserial, FastAPI or HTTP clients (I/O such as the hub's health or a
printer's state is passed in by the caller: kiosk/cli_ops.py or the staff panel), and SQL:
the statements stay in the store modules (kiosk/store.py, kiosk/hub/*store.py).
"""
