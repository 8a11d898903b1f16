"""Sub-command groups of the ``kiosk`` CLI. Each module has ``register(subparsers)`` which adds
its parser(s) and sets ``handler`` (a function of the parsed args returning an exit status)."""

# Listed here so kiosk/cli.py wires them all; add a module name to add a command group.
COMMAND_MODULES: tuple[str, ...] = ("journal", "cache", "sip2", "devices", "decode", "doctor",
                                    "staff", "card", "rfid", "privacy")
