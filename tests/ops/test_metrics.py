"""The Prometheus endpoint of a real kiosk: checkouts, refusals, SIP2 latency, journal depth,
device, printer and ILS state, the process's own metrics, scraped over HTTP on localhost; a
port already taken leaves a kiosk that lends and says why."""

from __future__ import annotations

import logging
import re
import socket
import urllib.request
from dataclasses import replace

import pytest

from drivers.scanners.fake import FakeScanner
from kiosk.config import load_config
from kiosk.demo import bootstrap
from kiosk.events import Mode
from sync.ils_sim.collection import DEMO


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        return response.read().decode()


def value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    assert match, f"{series} not in\n{text}"
    return float(match.group(1))


def test_a_real_kiosk_exposes_what_it_did() -> None:
    config = replace(load_config(None), metrics_listen="127.0.0.1:0")
    kiosk = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=m")])
    try:
        server = kiosk.metrics._server
        assert server is not None
        port = server.server_address[1]
        session = kiosk.session
        kiosk.metrics.observe_events(session.scan(DEMO.codabar(DEMO.good_card)))
        kiosk.metrics.observe_events(session.scan(DEMO.lendable_items[0]))
        kiosk.metrics.observe_events(session.scan(DEMO.not_for_loan_item))
        kiosk.metrics.observe_events(session.scan("~!#"))
        kiosk.metrics.device("serial:///dev/ttyACM0", "disconnected")
        text = scrape(port)
        assert value(text, 'kiosk_checkouts_total{mode="online"}') == 1
        assert value(text, 'kiosk_checkouts_total{mode="offline"}') == 0
        # the ILS's answer read into the kiosk's reason (kiosk.reasons): 禁帯出
        assert value(text, 'kiosk_refusals_total{reason="item_not_for_loan"}') == 1
        assert value(text, 'kiosk_refusals_total{reason="scan_garbage"}') == 1
        assert value(text, 'kiosk_device_up{device="serial:///dev/ttyACM0"}') == 0
        assert value(text, "kiosk_ils_online") == 1
        assert value(text, "kiosk_journal_pending") == 0
        assert value(text, 'kiosk_sip2_seconds_count{message="checkout"}') == 2
        assert value(text, 'kiosk_sip2_seconds_bucket{le="+Inf",message="checkout"}') == 2
        assert DEMO.good_card not in text                 # no card number anywhere
        # the process's own: memory, descriptors, CPU, start time
        for name in ("process_resident_memory_bytes", "process_open_fds",
                     "process_cpu_seconds_total", "process_start_time_seconds"):
            assert value(text, name) > 0, name
        assert re.search(r'^kiosk_info\{branch_name="[^"]+",institution="DEMO",'
                         r'location="DEMO-KIOSK-1",version="[^"]+"\} 1\.0$', text, re.M)
        kiosk.circulation.set_mode(Mode.OFFLINE, "test")
        kiosk.metrics.observe_events(session.scan(DEMO.lendable_items[1]))
        text = scrape(port)
        assert value(text, "kiosk_ils_online") == 0
        assert value(text, 'kiosk_checkouts_total{mode="offline"}') == 1
        assert value(text, "kiosk_journal_pending") == 1
    finally:
        kiosk.close()


def test_only_metrics_is_served() -> None:
    from kiosk.metrics import Metrics
    m = Metrics()
    port = m.serve("127.0.0.1", 0)
    try:
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
    finally:
        m.close()


def test_printer_problems_are_series() -> None:
    from kiosk.metrics import Metrics
    m = Metrics()
    m.printer(paper_out=True)
    assert m.value("kiosk_printer_problem", problem="paper_out") == 1
    assert m.value("kiosk_printer_problem", problem="cover_open") == 0
    m.printer()
    assert m.value("kiosk_printer_problem", problem="paper_out") == 0


def test_a_port_already_taken_is_said_and_the_kiosk_lends(
        caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = replace(load_config(None), metrics_listen=f"127.0.0.1:{port}")
        with caplog.at_level(logging.ERROR):
            kiosk = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=m")])
        try:
            assert f"cannot listen on 127.0.0.1:{port}: the port is already taken" in \
                kiosk.metrics_problem
            assert "Lending goes on" in caplog.text
            session = kiosk.session
            session.scan(DEMO.codabar(DEMO.good_card))
            events = session.scan(DEMO.lendable_items[0])
            assert any(type(e).__name__ == "ItemCheckedOut" for e in events)
        finally:
            kiosk.close()
