"""ops/ansible: the role and its sample playbook pass ``ansible-playbook --syntax-check`` and
``ansible-lint`` (production profile), and the role's branch-config template, filled from
the sample inventory, is a config the kiosk loads. Applying the role to a Debian 12 root
(chroot connection) is section 5 of packaging/test-deb.sh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.config import load_config

ROOT = Path(__file__).resolve().parents[2]
ANSIBLE = ROOT / "ops" / "ansible"
OPS_BIN = ROOT / ".venv-ops" / "bin"

pytestmark = pytest.mark.skipif(
    not (OPS_BIN / "ansible-playbook").exists() and not os.environ.get("CI"),
    reason="no .venv-ops: `make ops-tools` installs ansible and ansible-lint")


def run(*argv: str, cwd: Path = ANSIBLE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{OPS_BIN}:{os.environ['PATH']}",
           "ANSIBLE_NOCOLOR": "1", "ANSIBLE_HOME": str(ROOT / "build" / "ansible-home")}
    return subprocess.run([str(OPS_BIN / argv[0]), *argv[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


def render_config(tmp_path: Path, out: Path, host: str, branch_extra: str
                  ) -> subprocess.CompletedProcess[str]:
    """The role's config step alone, for ``host`` of the sample inventory, into ``out``, with
    this checkout's kiosk as the validator."""
    playbook = tmp_path / "render.yml"
    playbook.write_text(textwrap.dedent(f"""\
        - name: Render and validate the branch config as the role does
          hosts: "{host}"
          gather_facts: false
          connection: local
          tasks:
            - name: The role's config step
              ansible.builtin.include_role:
                name: library_kiosk
                tasks_from: config.yml
        """))
    return run("ansible-playbook", "-i", "inventory.example.yml", "-e", json.dumps({
        "library_kiosk_branch_extra": branch_extra,
        "library_kiosk_config_path": str(out), "library_kiosk_user": "root",
        "library_kiosk_python": sys.executable, "library_kiosk_start": False,
        "ansible_python_interpreter": str(OPS_BIN / "python")}),
        str(playbook))


def test_the_playbook_passes_the_syntax_check() -> None:
    result = run("ansible-playbook", "--syntax-check", "-i", "inventory.example.yml",
                 "site.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ansible_lint_passes_the_production_profile() -> None:
    result = run("ansible-lint", "--offline", "--profile", "production", "--nocolor")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_template_makes_a_config_the_kiosk_loads(tmp_path: Path) -> None:
    """The role's config step, run with this checkout's kiosk as the validator."""
    out = tmp_path / "branch.toml"
    result = render_config(tmp_path, out, "kiosk-central-2.library.example",
                           "[session]\nidle_seconds = 90")
    assert result.returncode == 0, result.stdout + result.stderr
    config = load_config(out)
    assert config.branch_name == "中央図書館"
    assert config.institution == "TOYAMA"
    assert config.ils.location == "CENTRAL-2F-1"
    assert config.scanners == ("serial:///dev/ttyACM0?baud=9600", "camera://0")
    assert config.metrics_listen == "0.0.0.0:9464"
    assert config.keep_accepted_hours == 24
    assert config.session.idle_seconds == 90
    assert config.cache_key_file == "/etc/library-kiosk/credentials/card-key"


def test_a_config_the_kiosk_refuses_never_replaces_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "branch.toml"
    out.write_text("# the config that works\n")
    result = render_config(tmp_path, out, "kiosk-east-1.library.example",
                           "[offline]\nmax_items = 5")
    assert result.returncode != 0
    assert "offline.max_items: unknown setting" in result.stdout
    assert out.read_text() == "# the config that works\n"
