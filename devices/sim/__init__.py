"""Simulators for every serial device, on real pseudo-terminals that the real drivers open
like hardware: a virtual ESC/POS printer that parses what it receives and draws each ticket
to PNG (with switchable faults), and scripted scanner and card-reader inputs.
`kiosk sim printer|scanner|cardreader` runs one by itself."""
