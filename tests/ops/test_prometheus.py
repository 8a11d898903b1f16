"""ops/prometheus and ops/grafana stay true to the kiosk: the alert rules load and pass their
``promtool test rules`` unit tests, and every expression of the rules and of the fleet
dashboard names a metric a kiosk really exports (or one Prometheus makes itself)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk.metrics import Metrics

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "ops" / "prometheus"
DASHBOARD = ROOT / "ops" / "grafana" / "library-kiosk-fleet.json"
PROMTOOL = shutil.which("promtool")
# series Prometheus makes for every target, not the kiosk
SCRAPE_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "inf", "nan"}

needs_promtool = pytest.mark.skipif(
    PROMTOOL is None and not os.environ.get("CI"),
    reason="promtool not installed (Debian package prometheus; `make test` installs it)")


def exported() -> set[str]:
    """Every series name a kiosk's /metrics carries once it has seen some traffic."""
    m = Metrics(branch="b", institution="i", location="l")
    m.observe_sip2("checkout", 0.01)
    m.device("fake-scanner://", "connected")
    m.printer(paper_out=True)
    m.observe_purge(1)
    m._refusals.labels("item_refused").inc()
    return {line.split("{")[0].split(" ")[0] for line in m.render().splitlines()
            if line and not line.startswith("#")}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (functions, keywords, label names,
    strings, durations and numbers left out)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)                 # strings
    text = re.sub(r"\{[^}]*\}", "", text)                             # label matchers
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "",
                  text)                                               # label lists
    text = re.sub(r"\[[^\]]*\]", "", text)                            # ranges
    text = re.sub(r"\boffset\s+\w+", "", text)
    names = set()
    for match in re.finditer(r"(?<![\w.$])([a-zA-Z_:][\w:]*)\b(?!\s*\()", text):
        word = match.group(1)
        if word.lower() not in KEYWORDS and not re.fullmatch(r"\d+[smhdwy]", word):
            names.add(word)
    return names


def test_metric_names_reads_promql() -> None:
    assert metric_names('histogram_quantile(0.95, sum by (le, message) '
                        '(rate(kiosk_sip2_seconds_bucket{job="x"}[5m])))') == {
        "kiosk_sip2_seconds_bucket"}
    assert metric_names("a > 1.25 * (b offset 6h) and on (job) c == 1") == {"a", "b", "c"}


def rule_expressions() -> list[str]:
    rules = yaml.safe_load((PROMETHEUS / "kiosk-rules.yml").read_text(encoding="utf-8"))
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def dashboard_expressions() -> list[str]:
    board: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs = [target["expr"] for panel in board["panels"] for target in panel["targets"]]
    for variable in board["templating"]["list"]:
        query = variable.get("query")
        if isinstance(query, dict):
            found = re.fullmatch(r"label_values\((.*),\s*\w+\)", query["query"])
            assert found, query
            exprs.append(found.group(1))
    return exprs


@pytest.mark.parametrize("source", ["rules", "dashboard"])
def test_every_expression_names_a_metric_the_kiosk_exports(source: str) -> None:
    exprs = rule_expressions() if source == "rules" else dashboard_expressions()
    assert len(exprs) >= 8
    known = exported() | SCRAPE_SERIES
    for expr in exprs:
        names = metric_names(expr)
        assert names, expr
        assert names <= known, f"{sorted(names - known)} in {expr!r}: not exported"


def test_the_dashboard_covers_the_fleet_view() -> None:
    exprs = " ".join(dashboard_expressions())
    for wanted in ("up{", "kiosk_ils_online", "kiosk_journal_pending",
                   "increase(kiosk_checkouts_total", "kiosk_refusals_total",
                   "kiosk_sip2_seconds_bucket", "by (branch"):
        assert wanted in exprs, wanted
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids))


def test_the_rules_cover_the_issue() -> None:
    rules = yaml.safe_load((PROMETHEUS / "kiosk-rules.yml").read_text(encoding="utf-8"))
    by_name = {rule["alert"]: rule for group in rules["groups"] for rule in group["rules"]}
    assert by_name["KioskIlsUnreachable"]["for"] == "2m"
    for name in ("KioskJournalNotDraining", "KioskDeviceLost", "KioskPrinterPaperOut",
                 "KioskMemoryGrowing", "KioskRestartingOften", "KioskDown"):
        assert name in by_name


@needs_promtool
def test_promtool_checks_the_rules_and_the_example_config() -> None:
    assert PROMTOOL, "promtool is missing: `make system-packages` installs it"
    for argv in (["check", "rules", "kiosk-rules.yml"],
                 ["check", "config", "prometheus.example.yml"]):
        result = subprocess.run([PROMTOOL, *argv], cwd=PROMETHEUS, capture_output=True,
                                text=True, check=False, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_promtool_unit_tests_of_the_alerts_pass() -> None:
    assert PROMTOOL, "promtool is missing: `make system-packages` installs it"
    result = subprocess.run([PROMTOOL, "test", "rules", "tests/kiosk-rules.test.yml"],
                            cwd=PROMETHEUS, capture_output=True, text=True, check=False,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout
