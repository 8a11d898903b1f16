"""`kiosk doctor`'s metrics check on real sockets: the running kiosk's endpoint, a free port,
a port another program holds (listening and silent, bound only, or serving other HTTP)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.commands.doctor import FAIL, OK, WARN, check_metrics
from kiosk.config import KioskConfig, load_config
from kiosk.metrics import Metrics


def config(listen: str) -> KioskConfig:
    return replace(load_config(None), metrics_listen=listen)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def other_http() -> Iterator[int]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(404)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()
    thread.join()


def test_metrics_off_is_ok() -> None:
    [check] = check_metrics(config(""))
    assert (check.status, check.detail) == (OK, "off ([metrics] listen not set)")


def test_the_running_kiosk_serving_metrics_is_ok() -> None:
    metrics = Metrics(branch="test")
    port = metrics.serve("127.0.0.1", 0)
    try:
        [check] = check_metrics(config(f"127.0.0.1:{port}"))
    finally:
        metrics.close()
    assert check.status == OK
    assert f":{port}/metrics" in check.detail


def test_a_free_port_with_nothing_serving_is_a_warning() -> None:
    port = free_port()
    [check] = check_metrics(config(f"127.0.0.1:{port}"))
    assert check.status == WARN
    assert "not running" in check.detail


def test_a_port_bound_by_another_program_fails() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))                     # bound, not listening: refused
        port = holder.getsockname()[1]
        [check] = check_metrics(config(f"127.0.0.1:{port}"))
    assert check.status == FAIL
    assert "taken by another program" in check.detail


def test_a_silent_listener_fails_without_hanging() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        [check] = check_metrics(config(f"127.0.0.1:{port}"), timeout=0.3)
    assert check.status == FAIL
    assert "does not answer" in check.detail


def test_another_http_server_fails(other_http: int) -> None:
    [check] = check_metrics(config(f"127.0.0.1:{other_http}"))
    assert check.status == FAIL
    assert "another program answers" in check.detail


def test_a_listen_setting_without_a_port_fails() -> None:
    [check] = check_metrics(config("127.0.0.1"))
    assert check.status == FAIL
    assert "not host:port" in check.detail
