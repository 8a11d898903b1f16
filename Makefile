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
	prometheus

.PHONY: setup system-packages demo test lint bench screenshots translations clean

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

test: setup
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest -q
	$(VENV)/bin/lint-imports

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	$(PY) -m bench

screenshots: setup
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m ui.screenshots docs/screenshots ja,en

clean:
	rm -rf $(VENV) build *.egg-info ui/translations/*.qm
