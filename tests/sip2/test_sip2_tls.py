"""SIP2 over TLS: the client and ``kiosk sip2 probe`` through a TLS-terminating proxy (as
stunnel would stand in front of an ILS) to the simulator.

A throwaway CA, server and client certificates are made at test time with the ``openssl``
command; without it these tests are skipped.
"""

from __future__ import annotations

import json
import select
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli import main
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client, Sip2Settings, Sip2SetupError, Sip2Unavailable

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None,
                                reason="needs the openssl command to make certificates")

USER, PASSWORD = DEMO.sip_user, DEMO.sip_password
BOOK = DEMO.lendable_items[0]


@dataclass(frozen=True)
class Pki:
    ca: Path
    other_ca: Path               # trusted by nobody here
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _ca(d: Path, name: str) -> None:
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2",
             "-subj", f"/CN={name}", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)


def _leaf(d: Path, name: str, ca: str, extensions: str) -> None:
    (d / f"{name}.ext").write_text(
        extensions + "\nbasicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n", encoding="ascii")
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}", cwd=d)
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
             "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile",
             f"{name}.ext", cwd=d)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    d = tmp_path_factory.mktemp("pki")
    _ca(d, "ca")
    _ca(d, "other-ca")
    _leaf(d, "server", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
          "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth")
    _leaf(d, "kiosk", "ca", "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth")
    return Pki(ca=d / "ca.pem", other_ca=d / "other-ca.pem", server_cert=d / "server.pem",
               server_key=d / "server.key", client_cert=d / "kiosk.pem",
               client_key=d / "kiosk.key")


class TlsTerminator:
    """Accepts TLS on loopback and carries the plain bytes to the ILS: stunnel in a box.
    ``client_ca``: ask for a client certificate and require one signed by it."""

    def __init__(self, upstream: tuple[str, int], pki: Pki, *,
                 client_ca: Path | None = None) -> None:
        self.upstream = upstream
        self.refused = threading.Event()     # a TLS handshake (or client certificate) failed
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(pki.server_cert, pki.server_key)
        if client_ca is not None:
            self._context.verify_mode = ssl.CERT_REQUIRED
            self._context.load_verify_locations(client_ca)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> TlsTerminator:
        self._accept.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._accept.join(5)
        for t in self._threads:
            t.join(5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                raw, _ = self._listener.accept()
            except TimeoutError:
                continue
            t = threading.Thread(target=self._carry, args=(raw,), daemon=True)
            t.start()
            self._threads.append(t)

    def _carry(self, raw: socket.socket) -> None:
        raw.settimeout(5)
        try:
            tls = self._context.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            self.refused.set()
            raw.close()
            return
        up = socket.create_connection(self.upstream, timeout=5)
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select([tls, up], [], [], 0.05)
                if tls in ready or tls.pending():
                    try:
                        data = tls.recv(65536)
                    except ssl.SSLWantReadError:
                        continue
                    if not data:
                        return
                    up.sendall(data)
                if up in ready:
                    data = up.recv(65536)
                    if not data:
                        return
                    tls.sendall(data)
        except (OSError, ssl.SSLError):
            self.refused.set()              # TLS 1.3: a client certificate refused late
            return
        finally:
            tls.close()
            up.close()


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator() as simulator:
        yield simulator


@pytest.fixture
def terminator(sim: IlsSimulator, pki: Pki) -> Iterator[TlsTerminator]:
    with TlsTerminator(sim.address, pki) as t:
        yield t


def tls_client(port: int, **overrides: object) -> Sip2Client:
    fields: dict[str, object] = {"host": "127.0.0.1", "port": port, "user": USER,
                                 "password": PASSWORD, "institution": DEMO.institution,
                                 "timeout": 3.0, "tls": True, **overrides}
    return Sip2Client(Sip2Settings(**fields))  # type: ignore[arg-type]


# -- the client ------------------------------------------------------------------------------
def test_checkouts_over_tls(sim: IlsSimulator, terminator: TlsTerminator, pki: Pki) -> None:
    client = tls_client(terminator.port, cafile=str(pki.ca))
    try:
        assert client.patron_information(DEMO.good_card).name == DEMO.good_name
        for item in DEMO.lendable_items[:3]:
            assert client.checkout(DEMO.good_card, item).ok
        assert client.item_information(BOOK).patron == DEMO.good_card
    finally:
        client.close()
    # one connection throughout: TLS housekeeping (session tickets) is not mistaken for a
    # connection the ILS closed
    assert sim.requests_seen().count("93") == 1
    assert sim.requests_seen()[-4:] == ["11", "11", "11", "17"]


def test_tls_reconnects_after_the_ils_restarts(sim: IlsSimulator, terminator: TlsTerminator,
                                              pki: Pki) -> None:
    client = tls_client(terminator.port, cafile=str(pki.ca))
    try:
        client.sc_status()
        sim.stop()
        sim.start()
        # The terminator closes our TLS leg a moment after the ILS went away; a checkout in
        # that instant is (rightly) never resent. An idempotent question reconnects first.
        assert client.sc_status().online
        assert client.checkout(DEMO.good_card, BOOK).ok
    finally:
        client.close()
    assert sim.requests_seen().count("93") == 2
    assert sim.requests_seen().count("11") == 1


def test_a_certificate_from_an_unknown_ca_is_refused_clearly(
        sim: IlsSimulator, terminator: TlsTerminator, pki: Pki) -> None:
    client = tls_client(terminator.port, cafile=str(pki.other_ca))
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    text = str(caught.value)
    assert f"127.0.0.1:{terminator.port}" in text
    assert "failed verification" in text
    assert "certificate" in text
    assert not caught.value.maybe_delivered
    assert sim.requests_seen() == []


def test_the_server_name_is_checked(sim: IlsSimulator, terminator: TlsTerminator,
                                    pki: Pki) -> None:
    client = tls_client(terminator.port, cafile=str(pki.ca), server_hostname="ils.example")
    with pytest.raises(Sip2Unavailable, match="failed verification"):
        client.sc_status()
    named = tls_client(terminator.port, cafile=str(pki.ca), server_hostname="localhost")
    try:
        assert named.sc_status().online
    finally:
        named.close()


def test_a_missing_ca_file_is_a_setup_error(terminator: TlsTerminator, tmp_path: Path) -> None:
    client = tls_client(terminator.port, cafile=str(tmp_path / "no-such-ca.pem"))
    with pytest.raises(Sip2SetupError, match=r"no-such-ca\.pem"):
        client.sc_status()


def test_a_client_certificate_when_the_ils_asks_for_one(sim: IlsSimulator, pki: Pki) -> None:
    with TlsTerminator(sim.address, pki, client_ca=pki.ca) as strict:
        anonymous = tls_client(strict.port, cafile=str(pki.ca))
        with pytest.raises(Sip2Unavailable):
            anonymous.sc_status()
        assert strict.refused.wait(5)
        assert sim.requests_seen() == []
        known = tls_client(strict.port, cafile=str(pki.ca), certfile=str(pki.client_cert),
                           keyfile=str(pki.client_key))
        try:
            assert known.checkout(DEMO.good_card, BOOK).ok
        finally:
            known.close()


# -- the probe -------------------------------------------------------------------------------
def probe(port: int, password_file: Path, *extra: str) -> list[str]:
    return ["sip2", "probe", "--host", "127.0.0.1", "--port", str(port), "--user", USER,
            "--password-file", str(password_file), "--institution", DEMO.institution,
            "--patron", DEMO.good_card, "--json", "--tls", *extra]


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "sip2-password"
    path.write_text(PASSWORD, encoding="utf-8")
    return path


def test_the_probe_over_tls(sim: IlsSimulator, terminator: TlsTerminator, pki: Pki,
                            password_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(probe(terminator.port, password_file, "--cafile", str(pki.ca), "--item", BOOK,
                      "--write"))
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0, err
    assert [r["name"] for r in records] == [
        "login", "sc_status", "patron_information", "item_information", "checkout", "checkin",
        "end_patron_session"]
    assert all(r["ok"] for r in records)
    assert PASSWORD not in out + err


def test_the_probe_with_the_wrong_ca_says_so(sim: IlsSimulator, terminator: TlsTerminator,
                                             pki: Pki, password_file: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(probe(terminator.port, password_file, "--cafile", str(pki.other_ca)))
    out, err = capsys.readouterr()
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["name"] for r in records] == ["connect"]
    assert "failed verification" in records[0]["reason"]
    assert f"127.0.0.1:{terminator.port}" in err
    assert sim.requests_seen() == []


def test_the_probe_without_tls_options_on_a_tls_port_fails(
        sim: IlsSimulator, terminator: TlsTerminator, password_file: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    args = probe(terminator.port, password_file, "--timeout", "1")
    args.remove("--tls")                   # plain SIP2 to a TLS port: no answer it can read
    code = main(args)
    out, _ = capsys.readouterr()
    assert code == 1
    assert not json.loads(out.splitlines()[0])["ok"]
