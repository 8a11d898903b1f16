"""Staff alerts by e-mail: the ILS unreachable, the journal not draining, a device lost,
the printer out of paper.

:class:`AlertWatch` looks at the kiosk's state every ``interval`` seconds and mails the
branch's staff address when a condition has lasted long enough (a blip is not an alert),
once per condition until it clears (then once more when it comes back), through the
library's SMTP relay with the standard library's smtplib. A failed mail is logged and tried
again at the next look: alerts never get in the way of lending. No card number is ever in
a mail.
"""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from kiosk.periodic import Periodic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertSettings:
    smtp: str = ""                     # "host:port"; "" = alerts off
    sender: str = ""
    to: tuple[str, ...] = ()
    offline_minutes: float = 5.0
    journal_minutes: float = 15.0
    device_seconds: float = 60.0

    @property
    def enabled(self) -> bool:
        return bool(self.smtp and self.to)


@dataclass
class State:
    """What the watch sees; the kiosk fills it in (mode listener, device callbacks)."""

    online: bool = True
    journal_pending: Callable[[], int] = lambda: 0
    devices: dict[str, str] = field(default_factory=dict)   # url -> DeviceState value
    printer: str = ""                                        # "", "paper_out", "cover_open"


class Mailer:
    def __init__(self, settings: AlertSettings, kiosk_name: str) -> None:
        self.settings = settings
        self.kiosk_name = kiosk_name

    def send(self, subject: str, body: str) -> bool:
        host, _, port = self.settings.smtp.rpartition(":")
        message = EmailMessage()
        message["Subject"] = f"[{self.kiosk_name}] {subject}"
        message["From"] = self.settings.sender or f"kiosk@{host}"
        message["To"] = ", ".join(self.settings.to)
        message.set_content(body)
        try:
            with smtplib.SMTP(host, int(port), timeout=10) as smtp:
                smtp.send_message(message)
            return True
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("alert mail %r not sent via %s: %s", subject, self.settings.smtp, exc)
            return False


class AlertWatch:
    def __init__(self, settings: AlertSettings, state: State, mailer: Mailer, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.state = state
        self.mailer = mailer
        self.clock = clock
        self._since: dict[str, float] = {}
        self._sent: set[str] = set()
        self._loop = Periodic(self.look, name="alert-watch", log=log, at_start=False,
                              failed="alert watch failed")

    def conditions(self) -> dict[str, tuple[float, str, str]]:
        """Active conditions: key -> (how long it must last, subject, body)."""
        s, state = self.settings, self.state
        active: dict[str, tuple[float, str, str]] = {}
        if not state.online:
            active["ils"] = (s.offline_minutes * 60, "ILS unreachable",
                             "The kiosk cannot reach the library system and is lending "
                             "offline from its cache. Check the network and the ILS.")
        pending = state.journal_pending()
        if state.online and pending:
            active["journal"] = (s.journal_minutes * 60, "offline loans not draining",
                                 f"{pending} offline loan(s) are still not sent although the "
                                 "ILS answers. `kiosk journal list` shows them.")
        for url, device_state in state.devices.items():
            if device_state != "connected":
                active[f"device {url}"] = (s.device_seconds, f"device lost: {url}",
                                           f"{url} is {device_state}. Check its cable; "
                                           "`kiosk doctor` tells more.")
        if state.printer:
            active["printer"] = (0.0, f"receipt printer: {state.printer.replace('_', ' ')}",
                                 "Receipts cannot be printed; lending goes on without them.")
        return active

    def look(self) -> list[str]:
        """One look: mail what has lasted long enough; returns the subjects mailed."""
        now = self.clock()
        active = self.conditions()
        for key in list(self._since):
            if key not in active:                      # cleared: may alert again later
                del self._since[key]
                self._sent.discard(key)
        mailed = []
        for key, (hold, subject, body) in active.items():
            since = self._since.setdefault(key, now)
            if key in self._sent or now - since < hold:
                continue
            if self.mailer.send(subject, body):
                self._sent.add(key)
                mailed.append(subject)
        return mailed

    def start(self, interval: float = 30.0) -> None:
        """Looks every ``interval`` seconds, the first time after one interval."""
        self._loop.start(interval)

    def stop(self) -> None:
        self._loop.stop()
