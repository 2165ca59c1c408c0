"""Anjungan's core: the rules and the data, importable with no Kivy, pyserial or web framework.

    config catalog i18n privacy staffpin device_keys    configuration and shared helpers
    queueing     numbering, hours, quotas, priority series, refusals
    ticket       the ticket record: statuses, TicketRow (stored) and Ticket (handed out)
    store        the kiosk's SQLite store: schema, migrations, the only place with its SQL
    service      KioskService, the one interface screens call; LocalService over the store
    journey      the two-phase print (issued only when the printer confirms)
    tickets      the printed ticket's device-neutral layout, PNG preview
    bookings/    signed codes, references, check-in verdicts
    survey/      votes, SKM, IKM, reasons, free-text limits (privacy applied on write)
    reports/     report data and renderers (table, CSV, XLSX, PNG)
    counters/    counters, the calling rule, a ticket's life after issue, people ahead
    estimates    exact people ahead and waits where counters call (else the published pace)
    search opening catalog_extras   the need search, the next opening time, contacts
    voice/       the hall announcements' words and clips; display/ the board's state and feed
    guide/       speech mode: what each screen says, the keypad's key map
    staff_alerts alerts for staff, kept as message ids (said in the panel's language)
    ops/         running for years: store marker, backup, retention, doctor, clock rules,
                 systemd notify, install
    hub/         the hub, both sides: the kiosk's client and outbox, the server (api/)
    cli/         `kiosk …`: the composition root, the only place that wires screens/devices
    dev.py       `python3 -m kiosk.dev run|test`, standard library only

What may not live here: Kivy widgets (screens/), serial ports and audio (devices/). The
import rules are import-linter contracts in pyproject.toml, checked by the test command.
"""
