"""SIP2 over TLS: the client and ``kiosk sip2 probe`` through a TLS-terminating relay
(tests/rigs/tcp_relay.py, as stunnel would stand in front of an ILS) to the simulator.

A throwaway CA, server and client certificates are made at test time with the ``openssl``
command; without it these tests are skipped.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli import main
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client, Sip2Settings, Sip2SetupError, Sip2Unavailable
from tests.rigs.tcp_relay import TcpRelay

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


def tls_terminator(upstream: tuple[str, int], pki: Pki, *,
                   client_ca: Path | None = None) -> TcpRelay:
    """Accepts TLS on loopback and carries the plain bytes to the ILS: stunnel in a box (the
    relay's ``refused`` is set when a TLS handshake, or a client certificate, failed).
    ``client_ca``: ask for a client certificate and require one signed by it."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.server_cert, pki.server_key)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    return TcpRelay(upstream, wrap=lambda raw: context.wrap_socket(raw, server_side=True))


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator() as simulator:
        yield simulator


@pytest.fixture
def terminator(sim: IlsSimulator, pki: Pki) -> Iterator[TcpRelay]:
    with tls_terminator(sim.address, pki) as t:
        yield t


def tls_client(port: int, **overrides: object) -> Sip2Client:
    fields: dict[str, object] = {"host": "127.0.0.1", "port": port, "user": USER,
                                 "password": PASSWORD, "institution": DEMO.institution,
                                 "timeout": 3.0, "tls": True, **overrides}
    return Sip2Client(Sip2Settings(**fields))  # type: ignore[arg-type]


# -- the client ------------------------------------------------------------------------------
def test_checkouts_over_tls(sim: IlsSimulator, terminator: TcpRelay, pki: Pki) -> None:
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


def test_tls_reconnects_after_the_ils_restarts(sim: IlsSimulator, terminator: TcpRelay,
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
        sim: IlsSimulator, terminator: TcpRelay, pki: Pki) -> None:
    client = tls_client(terminator.port, cafile=str(pki.other_ca))
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    text = str(caught.value)
    assert f"127.0.0.1:{terminator.port}" in text
    assert "failed verification" in text
    assert "certificate" in text
    assert not caught.value.maybe_delivered
    assert sim.requests_seen() == []


def test_the_server_name_is_checked(sim: IlsSimulator, terminator: TcpRelay,
                                    pki: Pki) -> None:
    client = tls_client(terminator.port, cafile=str(pki.ca), server_hostname="ils.example")
    with pytest.raises(Sip2Unavailable, match="failed verification"):
        client.sc_status()
    named = tls_client(terminator.port, cafile=str(pki.ca), server_hostname="localhost")
    try:
        assert named.sc_status().online
    finally:
        named.close()


def test_a_missing_ca_file_is_a_setup_error(terminator: TcpRelay, tmp_path: Path) -> None:
    client = tls_client(terminator.port, cafile=str(tmp_path / "no-such-ca.pem"))
    with pytest.raises(Sip2SetupError, match=r"no-such-ca\.pem"):
        client.sc_status()


def test_a_client_certificate_when_the_ils_asks_for_one(sim: IlsSimulator, pki: Pki) -> None:
    with tls_terminator(sim.address, pki, client_ca=pki.ca) as strict:
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


def test_the_probe_over_tls(sim: IlsSimulator, terminator: TcpRelay, pki: Pki,
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


def test_the_probe_with_the_wrong_ca_says_so(sim: IlsSimulator, terminator: TcpRelay,
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
        sim: IlsSimulator, terminator: TcpRelay, password_file: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    args = probe(terminator.port, password_file, "--timeout", "1")
    args.remove("--tls")                   # plain SIP2 to a TLS port: no answer it can read
    code = main(args)
    out, _ = capsys.readouterr()
    assert code == 1
    assert not json.loads(out.splitlines()[0])["ok"]
