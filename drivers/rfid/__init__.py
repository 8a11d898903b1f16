"""ISO 15693 RFID readers behind one port (``port.py``): FEIG ISC readers over serial
(``feig://``), PC/SC readers that read one tag through storage-card commands
(``pcsc-tag://``), and a fake for the demo and tests (``fake-rfid://``). Each is chosen by a
URL (``open_rfid_reader`` in drivers/registry.py). Framing and parsing are pure
(``feig_protocol.py``); the drivers only move bytes. ``pad.py`` tells a book placed on the
pad from RF noise."""
