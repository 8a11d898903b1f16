# The few verbs a newcomer needs. `make demo` and `make test` work on a fresh Debian 12 (as root).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Debian's own interpreter, the one a kiosk on Debian 12 runs: built with profile-guided
# optimisation and libpython linked in, where an interpreter first on PATH (pyenv, say) is often
# a shared, unoptimised build that runs the SIP2 client's per-item path measurably slower.
# Expanded when used, after system-packages has installed it.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
STAMP := $(VENV)/.installed

APT_PACKAGES := gcc python3-dev python3-venv swig libpcsclite-dev pcscd vsmartcard-vpcd \
	libzbar0 libegl1 libgl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 \
	xvfb xauth fonts-noto-cjk socat openssl cage systemd libusb-1.0-0 \
	open-jtalk open-jtalk-mecab-naist-jdic espeak-ng sox alsa-utils \
	prometheus debootstrap lintian

# The Debian package (packaging/, docs/adr/0007): `make deb`, and its round trip in a clean
# Debian 12 root made with debootstrap (`make test-deb`; CI runs it through
# tests/packaging/test_deb.py). Built in build/deb, the root and apt's downloads kept in
# build/deb-test.
UPSTREAM_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)
DEB_VERSION ?= $(UPSTREAM_VERSION)-1
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
DEB := build/deb/library-kiosk_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_PREVIOUS := build/deb/library-kiosk_$(UPSTREAM_VERSION)~prev-1_$(DEB_ARCH).deb

# ops/ansible's tools (ansible, ansible-lint) in a venv of their own: their dependencies
# never meet the kiosk's.
OPS_VENV ?= .venv-ops
OPS_STAMP := $(OPS_VENV)/.installed

.PHONY: setup system-packages demo test lint bench screenshots translations clean deb \
	test-deb ops-tools

setup: system-packages $(STAMP) translations

# Installs only what is missing, so a second run costs a dpkg query.
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages (run as root): $$missing"; exit 1; fi; \
		echo "installing: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

translations: $(STAMP)
	$(PY) -m ui.translations.build
	$(PY) -m ui.voice.render

demo: setup
	$(VENV)/bin/kiosk demo

test: setup ops-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	$(PY) -m bench

screenshots: setup
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m ui.screenshots docs/screenshots ja,en

ops-tools: $(OPS_STAMP)

$(OPS_STAMP): ops/requirements.txt
	test -x $(OPS_VENV)/bin/python || $(PYTHON) -m venv $(OPS_VENV)
	$(OPS_VENV)/bin/python -m pip install -q --upgrade pip
	$(OPS_VENV)/bin/python -m pip install -q -r ops/requirements.txt
	touch $@

deb: setup
	packaging/build-deb.sh --version $(DEB_VERSION)

# Builds the package twice (a previous version, then this one) and runs the round trip:
# install, upgrade, remove, purge, and over a hand-made install, then lintian.
test-deb: setup ops-tools
	packaging/build-deb.sh --version $(UPSTREAM_VERSION)~prev-1
	packaging/build-deb.sh --version $(DEB_VERSION)
	packaging/test-deb.sh $(DEB_PREVIOUS) $(DEB)
	lintian --fail-on error $(DEB)

clean:
	rm -rf $(VENV) $(OPS_VENV) build *.egg-info ui/translations/*.qm
