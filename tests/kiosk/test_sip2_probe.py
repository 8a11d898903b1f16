"""``kiosk sip2 probe`` and ``kiosk sip2 decode``, run in-process through ``kiosk.cli.main``
(and once as a subprocess) against the ILS simulator on a real loopback socket."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.commands.sip2 import redact
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.codec import encode, make
from sync.sip2.connection import Framing
from tests.rigs.ils_process import ils_sim_process

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = DEMO.sip_user, DEMO.sip_password
BOOK = DEMO.lendable_items[0]
READ_ONLY = ["login", "sc_status", "patron_information", "item_information",
             "end_patron_session"]


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator() as simulator:
        yield simulator


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "sip2-password"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def probe_args(port: int, *extra: str, password_file: Path | None = None) -> list[str]:
    args = ["sip2", "probe", "--host", "127.0.0.1", "--port", str(port), "--user", USER,
            "--institution", DEMO.institution, "--patron", DEMO.good_card]
    if password_file is not None:
        args += ["--password-file", str(password_file)]
    return args + list(extra)


def run(capsys: pytest.CaptureFixture[str], args: list[str]
        ) -> tuple[int, list[dict[str, Any]], str]:
    code = main(args)
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()] if "--json" in args else []
    return code, records, out + err


def names(records: list[dict[str, Any]]) -> list[str]:
    return [r["name"] for r in records]


def loans_of(sim: IlsSimulator, item: str) -> list[str]:
    return [loan.card for loan in sim.loans() if loan.item == item]


# -- probe: reading --------------------------------------------------------------------------
def test_a_read_only_probe_shows_each_exchange_and_changes_nothing(
        sim: IlsSimulator, password_file: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    code, records, text = run(capsys, probe_args(
        sim.port, "--pin", DEMO.good_pin, "--item", BOOK, "--json",
        password_file=password_file))
    assert code == 0
    assert names(records) == READ_ONLY
    assert all(r["ok"] for r in records)
    login, status, patron, item, _ = records
    assert login["request"].startswith(f"9300CN{USER}|CO***|")
    assert login["response"].startswith("941")
    assert status["fields"]["fixed"]["online_status"] == "Y"
    assert "|AD***|" in patron["request"]
    assert patron["fields"]["code"] == "64"
    assert ["AE", DEMO.good_name] in patron["fields"]["fields"]
    assert item["fields"]["fixed"]["circulation_status"] == "03"
    everything = text + caplog.text
    assert PASSWORD not in everything
    assert "AD" + DEMO.good_pin not in everything
    assert sim.requests_seen() == ["93", "99", "63", "17", "35"]
    assert loans_of(sim, BOOK) == []


def test_the_human_readable_form(sim: IlsSimulator, password_file: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _, text = run(capsys, probe_args(sim.port, "--item", DEMO.unknown_item,
                                           password_file=password_file))
    assert code == 1
    assert "ok   login" in text
    assert "> 9300CN" in text
    assert "FAIL item_information" in text
    assert "item unknown to the ILS" in text
    assert PASSWORD not in text


# -- probe: writing --------------------------------------------------------------------------
def test_write_checks_the_item_out_and_back_in(sim: IlsSimulator, password_file: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = run(capsys, probe_args(sim.port, "--item", BOOK, "--write", "--json",
                                              password_file=password_file))
    assert code == 0, records
    assert names(records) == ["login", "sc_status", "patron_information", "item_information",
                              "checkout", "checkin", "end_patron_session"]
    assert all(r["ok"] for r in records)
    assert loans_of(sim, BOOK) == []
    kinds = [(e.kind, e.item, e.ok) for e in sim.ledger()]
    assert [k for k in kinds if k[1] == BOOK] == [("checkout", BOOK, True),
                                                  ("checkin", BOOK, True)]


@pytest.fixture
def strict_sim() -> Iterator[IlsSimulator]:
    with IlsSimulator(strict=True) as simulator:
        yield simulator


def test_write_against_a_strict_ils(strict_sim: IlsSimulator, password_file: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A server that closes the connection on any request departing from SIP2 2.00 takes
    every request of the probe, the checkout and checkin included."""
    code, records, _ = run(capsys, probe_args(strict_sim.port, "--pin", DEMO.good_pin,
                                              "--item", BOOK, "--write", "--json",
                                              password_file=password_file))
    assert code == 0, records
    assert names(records) == ["login", "sc_status", "patron_information", "item_information",
                              "checkout", "checkin", "end_patron_session"]
    assert all(r["ok"] for r in records)
    assert strict_sim.refused_requests() == []
    assert [(e.kind, e.ok) for e in strict_sim.ledger() if e.item == BOOK] == [
        ("checkout", True), ("checkin", True)]


def test_a_checkout_a_strict_ils_closes_on_is_named_and_not_followed_by_anything(
        strict_sim: IlsSimulator, password_file: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk's checkout as it was built before (18 blanks as the nb due date): the
    probe says which message and field the strict ILS refused, and stops."""
    from sync.sip2 import messages
    from sync.sip2.codec import make as build
    built = messages.checkout

    def old_checkout(*args: Any, **kwargs: Any) -> Any:
        msg = built(*args, **kwargs)
        return build("11", dict(msg.fixed) | {"nb_due_date": " " * 18}, msg.fields)

    monkeypatch.setattr(messages, "checkout", old_checkout)
    code, records, text = run(capsys, probe_args(strict_sim.port, "--item", BOOK, "--write",
                                                 "--json", password_file=password_file))
    assert code == 1
    checkout = records[-1]
    assert checkout["name"] == "checkout"
    assert not checkout["ok"]
    assert "closed the connection after 11 (checkout)" in checkout["reason"]
    assert "nb_due_date is 18 blanks" in checkout["reason"]
    assert "may have been made at the ILS" in text
    assert strict_sim.requests_seen().count("11") == 1
    assert "09" not in strict_sim.requests_seen()
    assert [code for code, _ in strict_sim.refused_requests()] == ["11"]


def test_the_probe_with_write_against_kiosk_ils_sim_serve_strict(tmp_path: Path) -> None:
    """As CI runs it: `kiosk ils-sim serve --strict` and `kiosk sip2 probe --write`, two
    processes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_SIP2_PASSWORD": PASSWORD}
    with ils_sim_process("--strict", "--state", str(tmp_path / "ils.sqlite3"),
                         env=env) as ils:
        assert "strict SIP2" in ils.first_line, ils.first_line
        done = subprocess.run([sys.executable, "-m", "kiosk.cli",
                               *probe_args(ils.port, "--item", BOOK, "--write", "--json")],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                              check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["name"] for r in records if r["ok"]][4:6] == ["checkout", "checkin"]
    assert "strict:" not in ils.log              # nothing departed from the specification
    assert " 11 checkout " in ils.log
    assert " 09 checkin " in ils.log


def test_write_leaves_an_item_on_loan_alone(sim: IlsSimulator, password_file: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = run(capsys, probe_args(sim.port, "--item", DEMO.on_loan_item, "--write",
                                              "--json", password_file=password_file))
    assert code == 1
    checkout = next(r for r in records if r["name"] == "checkout")
    assert not checkout["ok"]
    assert "not attempted" in checkout["reason"]
    assert "charged" in checkout["reason"]
    assert "11" not in sim.requests_seen()
    assert "09" not in sim.requests_seen()
    assert loans_of(sim, DEMO.on_loan_item) == [DEMO.other_good_card]


def test_write_needs_an_item(sim: IlsSimulator, password_file: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, text = run(capsys, probe_args(sim.port, "--write", password_file=password_file))
    assert code == 2
    assert "--write needs --item" in text
    assert sim.requests_seen() == []


# -- probe: failures -------------------------------------------------------------------------
def test_nothing_listening_names_the_address_and_the_cause(
        password_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]               # bound, not listening: refused
        code, records, text = run(capsys, probe_args(port, "--json",
                                                     password_file=password_file))
    assert code == 1
    assert names(records) == ["connect"]
    assert f"cannot connect to 127.0.0.1:{port}" in records[0]["reason"]
    assert "refused" in records[0]["reason"].lower()
    assert f"127.0.0.1:{port}" in text.split("\n", len(records))[-1]   # and on stderr


def test_a_wrong_password_is_a_refused_login(sim: IlsSimulator, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("guess", encoding="utf-8")
    code, records, text = run(capsys, probe_args(sim.port, "--json", password_file=wrong))
    assert code == 1
    assert names(records) == ["login"]
    assert records[0]["reason"] == "login refused: check user/password"
    assert records[0]["response"].startswith("940")
    assert "guess" not in text


@pytest.mark.parametrize(("extra", "failed", "words"), [
    (["--patron", DEMO.unknown_card], "patron_information", "patron unknown to the ILS"),
    (["--pin", "0000"], "patron_information", "the PIN is wrong"),
    (["--item", DEMO.unknown_item], "item_information", "item unknown to the ILS"),
])
def test_what_the_ils_does_not_know_fails_the_probe(
        sim: IlsSimulator, password_file: Path, capsys: pytest.CaptureFixture[str], *,
        extra: list[str], failed: str, words: str) -> None:
    code, records, _ = run(capsys, probe_args(sim.port, "--json", *extra,
                                              password_file=password_file))
    assert code == 1
    bad = [r for r in records if not r["ok"]]
    assert [r["name"] for r in bad] == [failed]
    assert words in bad[0]["reason"]
    assert "the ILS says: " in bad[0]["reason"]        # its own words follow


def test_an_ils_saying_it_is_offline_fails_the_probe(
        sim: IlsSimulator, password_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sim.set_acs_status(online=False)
    code, records, _ = run(capsys, probe_args(sim.port, "--json",
                                              password_file=password_file))
    assert code == 1
    assert records[1]["name"] == "sc_status"
    assert "offline" in records[1]["reason"]


def test_silence_is_reported_as_no_answer(sim: IlsSimulator, password_file: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    sim.set_offline(True)
    code, records, text = run(capsys, probe_args(sim.port, "--json", "--timeout", "0.3",
                                                 password_file=password_file))
    assert code == 1
    assert names(records) == ["login"]
    assert "no answer" in records[0]["reason"]
    assert records[0]["response"] is None
    assert "stopped" in text


def test_without_a_password_the_probe_does_not_start(
        sim: IlsSimulator, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.delenv("KIOSK_SIP2_PASSWORD", raising=False)
    code, _, text = run(capsys, probe_args(sim.port))
    assert code == 2
    assert "no password" in text
    assert sim.requests_seen() == []


def test_an_unreadable_password_file_is_named(sim: IlsSimulator, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, text = run(capsys, probe_args(sim.port, password_file=tmp_path / "absent"))
    assert code == 2
    assert "absent" in text


@pytest.mark.parametrize("spelling", ["--password", "--pass", "--password="])
def test_a_password_is_never_taken_as_an_argument(
        sim: IlsSimulator, password_file: Path, capsys: pytest.CaptureFixture[str],
        spelling: str) -> None:
    given = [spelling + PASSWORD] if spelling.endswith("=") else [spelling, PASSWORD]
    with pytest.raises(SystemExit) as exit_:
        main(probe_args(sim.port, *given, password_file=password_file))
    assert exit_.value.code == 2
    assert sim.requests_seen() == []
    assert "password file" not in capsys.readouterr().err   # not taken for --password-file


@pytest.mark.parametrize("source", ["credential", "environment"])
def test_the_password_from_a_systemd_credential_or_the_environment(
        sim: IlsSimulator, password_file: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    if source == "credential":
        monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(password_file.parent))
    else:
        monkeypatch.setenv("KIOSK_SIP2_PASSWORD", PASSWORD)
    code, records, _ = run(capsys, probe_args(sim.port, "--json"))
    assert code == 0
    assert records[0]["ok"]


def test_crlf_without_error_detection(password_file: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    framing = Framing(terminator=b"\r\n", error_detection=False, encoding="cp932")
    with IlsSimulator(framing=framing) as crlf:
        code, records, _ = run(capsys, probe_args(
            crlf.port, "--json", "--terminator", "crlf", "--no-error-detection",
            "--encoding", "cp932", "--item", BOOK, password_file=password_file))
    assert code == 0
    assert "AY" not in records[0]["request"]
    assert ["AJ", "港町の小さな探偵事務所"] in records[3]["fields"]["fields"]


def test_the_probe_as_a_command(sim: IlsSimulator, password_file: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli",
                           *probe_args(sim.port, "--item", BOOK, "--json",
                                       password_file=password_file)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert names(records) == READ_ONLY
    assert PASSWORD not in done.stdout + done.stderr


# -- decode ----------------------------------------------------------------------------------
def decode_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sip2", "decode", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_decode_a_logged_line(capsys: pytest.CaptureFixture[str]) -> None:
    line = encode(make("94", {"ok": "1"}), sequence=3).decode()
    code, out, _ = decode_cli(capsys, line.rstrip("\r") + "\\r")    # as a log shows it
    assert code == 0
    parsed = json.loads(out)
    assert parsed["code"] == "94"
    assert parsed["name"] == "login_response"
    assert parsed["fixed"] == {"ok": "1"}
    assert parsed["sequence"] == 3
    assert parsed["checksum_ok"] is True


def test_decode_says_when_a_checksum_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    line = encode(make("94", {"ok": "1"}), sequence=3).decode().rstrip("\r")
    code, out, _ = decode_cli(capsys, line[:-1] + ("0" if line[-1] != "0" else "1"))
    assert code == 0
    assert json.loads(out)["checksum_ok"] is False


def test_decode_in_shift_jis(capsys: pytest.CaptureFixture[str]) -> None:
    raw = encode(make("18", {"circulation_status": "03", "security_marker": "00",
                             "fee_type": "01", "transaction_date": "20250401    100000"},
                      [("AB", BOOK), ("AJ", "港町の小さな探偵事務所")]),
                 sequence=0, encoding="cp932")
    code, out, _ = decode_cli(capsys, raw.decode("cp932"), "--encoding", "cp932")
    assert code == 0
    parsed = json.loads(out)
    assert ["AJ", "港町の小さな探偵事務所"] in parsed["fields"]
    assert parsed["checksum_ok"] is True


@pytest.mark.parametrize(("args", "words"), [
    (["hello"], "not a SIP2 message"),
    (["12"], "not a SIP2 message"),                         # a checkout answer cut short
    (["941", "--encoding", "klingon"], "unknown encoding"),
    (["64 山田", "--encoding", "ascii"], "cannot carry"),
])
def test_decode_refuses_what_is_not_a_message(capsys: pytest.CaptureFixture[str],
                                              args: list[str], words: str) -> None:
    code, out, err = decode_cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert words in err


def test_redact_blanks_password_pin_and_terminal_password() -> None:
    line = "9300CNkiosk|COsecret|CPbranch-1|AY0AZF5A0"
    assert redact(line) == "9300CNkiosk|CO***|CPbranch-1|AY0AZF5A0"
    checkout = ("11NN20250401    100000                  AODEMO|AA21045877|AB115538407|"
                "ACterm|AD1234|AY4AZEDA1")
    assert redact(checkout) == checkout.replace("ACterm", "AC***").replace("AD1234", "AD***")
    empty = "6300020250401    100000          AODEMO|AA21045877|AD|AY2AZF279"
    assert redact(empty) == empty
    # a fixed part that happens to hold "CO" is not a field
    assert redact("17COCO0401    100000AOX|AB1|") == "17COCO0401    100000AOX|AB1|"
