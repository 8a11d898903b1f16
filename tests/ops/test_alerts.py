"""Alert mails through a real SMTP conversation with a small local server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes

import pytest

from kiosk.alerts import AlertSettings, AlertWatch, Mailer, State
from tests.rigs.loopback_server import LoopbackServer


class SmtpServer(LoopbackServer):
    """Just enough SMTP to receive mail, one connection at a time."""

    name = "smtp-server"

    def __init__(self) -> None:
        self.mails: list[bytes] = []
        super().__init__()

    def serve(self, conn: socket.socket) -> None:
        with conn.makefile("rb") as lines:
            conn.sendall(b"220 test ESMTP\r\n")
            data = None
            for line in lines:
                if data is not None:
                    if line in (b".\r\n", b".\n"):
                        self.mails.append(b"".join(data))
                        data = None
                        conn.sendall(b"250 queued\r\n")
                    else:
                        data.append(line)
                    continue
                verb = line[:4].upper()
                if verb == b"DATA":
                    data = []
                    conn.sendall(b"354 go\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    break
                else:
                    conn.sendall(b"250 ok\r\n")


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    yield server
    server.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def watch(smtp: SmtpServer, state: State, clock: Clock) -> AlertWatch:
    settings = AlertSettings(smtp=f"127.0.0.1:{smtp.port}", sender="kiosk@library.example",
                             to=("staff@library.example",), offline_minutes=5,
                             journal_minutes=15, device_seconds=60)
    return AlertWatch(settings, state, Mailer(settings, "中央図書館 1F"), clock=clock)


def subjects(smtp: SmtpServer) -> list[str]:
    return [str(message_from_bytes(m)["Subject"]) for m in smtp.mails]


def test_the_ils_unreachable_is_mailed_once_after_five_minutes(smtp: SmtpServer) -> None:
    state, clock = State(online=False), Clock()
    w = watch(smtp, state, clock)
    assert w.look() == []                       # a blip is not an alert
    clock.now += 299
    assert w.look() == []
    clock.now += 2
    assert w.look() == ["ILS unreachable"]
    clock.now += 600
    assert w.look() == []                       # once per outage
    state.online = True
    assert w.look() == []
    state.online = False                        # a new outage, a new mail
    clock.now += 400
    w.look()
    clock.now += 400
    assert w.look() == ["ILS unreachable"]
    assert len(smtp.mails) == 2
    mail = message_from_bytes(smtp.mails[0])
    assert mail["To"] == "staff@library.example"
    assert "中央図書館" in str(mail["Subject"]) or "=?utf-8?" in str(mail["Subject"])


def test_journal_not_draining_and_devices_and_paper(smtp: SmtpServer) -> None:
    state, clock = State(online=True, journal_pending=lambda: 3), Clock()
    state.devices["serial:///dev/ttyACM0"] = "disconnected"
    state.printer = "paper_out"
    w = watch(smtp, state, clock)
    assert w.look() == ["receipt printer: paper out"]
    clock.now += 61
    assert w.look() == ["device lost: serial:///dev/ttyACM0"]
    clock.now += 15 * 60
    assert w.look() == ["offline loans not draining"]
    body = message_from_bytes(smtp.mails[-1]).get_payload()
    assert "3 offline loan(s)" in str(body)


def test_an_unreachable_relay_is_logged_and_retried(smtp: SmtpServer,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    state, clock = State(online=False), Clock()
    w = watch(smtp, state, clock)
    smtp.close()
    w.look()
    clock.now += 400
    assert w.look() == []                        # the relay is down: logged, not mailed
    assert "not sent" in caplog.text
    assert w.look() == []                        # and tried again at the next look
    assert caplog.text.count("not sent") == 2


def test_a_branch_config_turns_alerts_on(tmp_path, smtp: SmtpServer) -> None:  # type: ignore[no-untyped-def]
    from drivers.scanners.fake import FakeScanner
    from kiosk.config import load_config
    from kiosk.demo import bootstrap
    from kiosk.events import Mode
    path = tmp_path / "branch.toml"
    path.write_text(f'[alerts]\nsmtp = "127.0.0.1:{smtp.port}"\nto = ["staff@example.jp"]\n'
                    "offline_minutes = 0.001\n", encoding="utf-8")
    kiosk = bootstrap(load_config(path), scanners=[FakeScanner("fake-scanner://")])
    try:
        assert kiosk.alerts is not None
        kiosk.circulation.set_mode(Mode.OFFLINE, "test")
        kiosk.alerts.look()
        kiosk.alerts.clock = lambda: 1e12                  # much later
        assert kiosk.alerts.look() == ["ILS unreachable"]
    finally:
        kiosk.close()
    assert load_config(None).alerts.enabled is False        # the demo mails nobody
