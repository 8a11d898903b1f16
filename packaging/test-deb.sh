#!/bin/bash
# The Debian package's round trip in a clean Debian 12 root (debootstrap, chroot), as root:
#
#   packaging/test-deb.sh OLD.deb NEW.deb        (make test-deb builds both and runs this)
#
#  1. install OLD with apt (its dependencies from Debian's mirror): the kiosk user and its
#     groups, the folders, the example branch config; `kiosk --help`, `kiosk doctor` (it
#     runs and names what is missing: no ILS, no devices here) and `kiosk demo --autopilot`
#     offscreen, as the kiosk user, offline, leaving journal rows in /var/lib/library-kiosk;
#  2. upgrade to NEW over a branch config edited by staff and then broken by an unknown key
#     (a config from the previous version): the upgrade goes through and says what to fix;
#     the config, the cache and the journal are kept byte for byte; the CLI still runs;
#  3. remove: state and config stay; purge: state, config and /opt are gone;
#  4. NEW over a hand-made install (a clone with .venv in /opt, a unit file copied by hand,
#     a hand-made branch config and a journal): the clone is moved aside with a message,
#     the config and the journal are kept and used.
#
# The Debian 12 root is made once with debootstrap and kept as a tarball in build/deb-test
# (ignored by git), with the .debs apt downloads, so a second run needs little network.
# Prints one line per check and "N passed, N failed" at the end; exits non-zero on a failure.
set -uo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 OLD.deb NEW.deb" >&2
    exit 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "test-deb: run as root (debootstrap, chroot, mounts)" >&2
    exit 2
fi
OLD=$(readlink -f "$1")
NEW=$(readlink -f "$2")
ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
WORK=${DEB_TEST_DIR:-$ROOT_DIR/build/deb-test}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
TARBALL=$WORK/bookworm-minbase.tar
APT_CACHE=$WORK/apt-archives
R=$WORK/root
LOG=$WORK/test-deb.log
passed=0
failed=0
start=$(date +%s)

mkdir -p "$WORK" "$APT_CACHE/partial"
: > "$LOG"

say() { echo "test-deb: $*"; echo "== $*" >> "$LOG"; }
ok() { passed=$((passed + 1)); echo "  ok   $*"; echo "ok: $*" >> "$LOG"; }
bad() { failed=$((failed + 1)); echo "  FAIL $*"; echo "FAIL: $*" >> "$LOG"; }
check() {   # check "what" command...: passes when the command succeeds
    local what=$1; shift
    if "$@" >> "$LOG" 2>&1; then ok "$what"; else bad "$what"; fi
}
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

unmount_all() {
    local m
    for m in $(awk -v r="$R" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
}

fresh_root() {
    unmount_all
    if awk -v r="$R" 'index($2, r) == 1' /proc/mounts | grep -q .; then
        echo "test-deb: $R still has mounts; not removing it" >&2
        exit 1
    fi
    rm -rf "$R"
    if [ ! -f "$TARBALL" ]; then
        say "debootstrap bookworm (minbase) from $MIRROR, once"
        local t0=$(date +%s)
        if ! debootstrap --variant=minbase bookworm "$R" "$MIRROR" >> "$LOG" 2>&1; then
            echo "test-deb: debootstrap failed ($LOG)" >&2
            exit 1
        fi
        tar -C "$R" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
        rm -rf "$R"
        say "debootstrap took $(( $(date +%s) - t0 )) s"
    fi
    mkdir -p "$R"
    tar -C "$R" -xf "$TARBALL"
    mount -t proc proc "$R/proc"
    mount --bind /dev "$R/dev"
    mount --bind /dev/pts "$R/dev/pts" 2>/dev/null || true
    mount -t tmpfs tmpfs "$R/tmp"
    mount --bind "$APT_CACHE" "$R/var/cache/apt/archives"
    cp /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
    # no service starts inside the chroot
    printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"
    chmod 0755 "$R/usr/sbin/policy-rc.d"
    echo "deb $MIRROR bookworm main" > "$R/etc/apt/sources.list"
    in_root apt-get update -qq >> "$LOG" 2>&1
    cp "$OLD" "$NEW" "$R/tmp/"
}

trap unmount_all EXIT

apt_install() {   # apt_install DEB: output kept in $WORK/apt.out
    in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$1")" \
        > "$WORK/apt.out" 2>&1
    local status=$?
    cat "$WORK/apt.out" >> "$LOG"
    return $status
}

version_of() { in_root dpkg-query -W -f='${Version}' library-kiosk 2>/dev/null; }
old_version=$(dpkg-deb -f "$OLD" Version)
new_version=$(dpkg-deb -f "$NEW" Version)
as_kiosk() { chroot --userspec=kiosk:kiosk "$R" /usr/bin/env -i PATH=/usr/bin:/bin \
    HOME=/var/lib/library-kiosk LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"; }

# DEB_TEST_ONLY_ANSIBLE=1: section 5 alone (while working on the role)
if [ "${DEB_TEST_ONLY_ANSIBLE:-}" != 1 ]; then
# -- 1. install ---------------------------------------------------------------------------------
say "1. install $old_version in a fresh Debian 12 root"
fresh_root
t0=$(date +%s)
check "apt install ./$(basename "$OLD")" apt_install "$OLD"
say "install took $(( $(date +%s) - t0 )) s"
check "installed version is $old_version" test "$(version_of)" = "$old_version"
check "kiosk user exists, system, no login" sh -c \
    "chroot '$R' getent passwd kiosk | grep -q ':/var/lib/library-kiosk:/usr/sbin/nologin$'"
for group in dialout input video render lp plugdev; do
    # input and render come with systemd, plugdev with udev's helpers: not in a minimal root
    if chroot "$R" getent group "$group" >/dev/null; then
        check "kiosk is in group $group" sh -c "chroot '$R' id -nG kiosk | tr ' ' '\n' | grep -qx $group"
    fi
done
check "state folder owned by kiosk, 0750" \
    test "$(chroot "$R" stat -c '%U %a' /var/lib/library-kiosk)" = "kiosk 750"
check "credentials folder owned by kiosk, 0700" \
    test "$(chroot "$R" stat -c '%U %a' /etc/library-kiosk/credentials)" = "kiosk 700"
check "example branch config in /etc/library-kiosk" \
    cmp -s "$R/etc/library-kiosk/branch.toml" "$R/usr/share/library-kiosk/branch.toml.example"
check "systemd units in /lib/systemd/system" test -f "$R/lib/systemd/system/library-kiosk.service"
for unit in library-kiosk.service library-kiosk-cache-refresh.service; do
    exe=$(sed -n 's#^ExecStart=.*\(/opt/library-kiosk/[^ ]*\).*#\1#p' "$R/lib/systemd/system/$unit")
    check "$unit runs $exe, which is installed" test -x "$R$exe"
done
check "Python byte-compiled by postinst" sh -c \
    "find '$R/opt/library-kiosk/lib' -name '*.pyc' -path '*kiosk*' | grep -q ."
check "kiosk --help" in_root kiosk --help
in_root kiosk doctor --config /etc/library-kiosk/branch.toml > "$WORK/doctor.out" 2>&1
doctor_status=$?
cat "$WORK/doctor.out" >> "$LOG"
check "kiosk doctor runs and names the missing ILS (exit $doctor_status, no traceback)" sh -c \
    "[ $doctor_status -le 2 ] && ! grep -q Traceback '$WORK/doctor.out' && grep -qi ils '$WORK/doctor.out'"
check "kiosk demo --autopilot (offscreen, as the kiosk user)" \
    as_kiosk /usr/bin/kiosk demo --autopilot
check "kiosk demo --autopilot --offline leaves journal rows in the state folder" \
    as_kiosk /usr/bin/kiosk demo --autopilot --offline --state-dir /var/lib/library-kiosk/demo
check "the journal has rows waiting" test -s "$R/var/lib/library-kiosk/demo/cache.sqlite3"

# -- 2. upgrade -----------------------------------------------------------------------------------
say "2. upgrade to $new_version over an edited, then outdated, branch config"
echo "# edited by staff" >> "$R/etc/library-kiosk/branch.toml"
printf '\n[offline]\nmax_items = 5\n' >> "$R/etc/library-kiosk/branch.toml"   # an old key
cp "$R/etc/library-kiosk/branch.toml" "$WORK/branch.before"
state_before=$(cd "$R/var/lib/library-kiosk" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
t0=$(date +%s)
check "apt install ./$(basename "$NEW") (upgrade)" apt_install "$NEW"
say "upgrade took $(( $(date +%s) - t0 )) s"
check "installed version is $new_version" test "$(version_of)" = "$new_version"
check "the outdated config is named, with what to fix" \
    grep -q "branch.toml does not load with this version" "$WORK/apt.out"
check "the message names the key" grep -q "offline.max_items: unknown setting" "$WORK/apt.out"
check "the branch config is kept as staff left it" cmp -s "$WORK/branch.before" "$R/etc/library-kiosk/branch.toml"
state_after=$(cd "$R/var/lib/library-kiosk" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
check "the cache and journal are kept byte for byte" test "$state_before" = "$state_after"
check "kiosk --help after the upgrade" in_root kiosk --help
check "kiosk demo --autopilot after the upgrade" as_kiosk /usr/bin/kiosk demo --autopilot
check "no byte-code of the old version left behind" sh -c \
    "! find '$R/opt/library-kiosk' -name '*.pyc' -newer '$R/var/lib/dpkg/info/library-kiosk.list' -prune -o -name '*.pyc' -print | grep -q ."

# -- 3. remove, purge -----------------------------------------------------------------------------
say "3. remove, then purge"
check "apt remove" in_root apt-get remove -y -q library-kiosk
check "state kept after remove" test -f "$R/var/lib/library-kiosk/demo/cache.sqlite3"
check "config kept after remove" test -f "$R/etc/library-kiosk/branch.toml"
check "no /usr/bin/kiosk after remove" test ! -e "$R/usr/bin/kiosk"
check "apt purge" in_root apt-get purge -y -q library-kiosk
check "state gone after purge" test ! -e "$R/var/lib/library-kiosk"
check "config gone after purge" test ! -e "$R/etc/library-kiosk"
check "/opt/library-kiosk gone after purge" test ! -e "$R/opt/library-kiosk"
check "dpkg knows no library-kiosk" sh -c "! chroot '$R' dpkg-query -W -f='\${Status}' library-kiosk 2>/dev/null | grep -q ."

# -- 4. over a hand-made install ------------------------------------------------------------------
say "4. install $new_version over a hand-made install"
mkdir -p "$R/opt/library-kiosk/.git" "$R/opt/library-kiosk/.venv/bin" "$R/etc/library-kiosk/credentials" \
    "$R/var/lib/library-kiosk"
echo "hand-made" > "$R/opt/library-kiosk/Makefile"
sed 's#/usr/bin/cage.*#/usr/bin/cage -- /opt/library-kiosk/.venv/bin/kiosk run#' \
    "$ROOT_DIR/systemd/library-kiosk.service" > "$R/etc/systemd/system/library-kiosk.service"
printf '[branch]\nname = "hand-made"\n' > "$R/etc/library-kiosk/branch.toml"
echo "journal rows" > "$R/var/lib/library-kiosk/cache.sqlite3"
check "apt install over the hand-made install" apt_install "$NEW"
check "the hand-made install is named and moved aside" grep -q "found a hand-made install" "$WORK/apt.out"
check "the clone is kept beside" sh -c "ls -d '$R'/opt/library-kiosk.hand-made-*/.git"
check "the unit copied by hand is moved with it" sh -c \
    "ls '$R'/opt/library-kiosk.hand-made-*/etc-systemd-system/library-kiosk.service && test ! -e '$R/etc/systemd/system/library-kiosk.service'"
check "the hand-made branch config is kept" grep -q 'name = "hand-made"' "$R/etc/library-kiosk/branch.toml"
check "the hand-made journal is kept" grep -q "journal rows" "$R/var/lib/library-kiosk/cache.sqlite3"
check "the package's kiosk runs" in_root kiosk --help

fi

# -- 5. the Ansible role, applied to a fresh root ----------------------------------------------
PLAYBOOK=${ANSIBLE_PLAYBOOK:-$ROOT_DIR/.venv-ops/bin/ansible-playbook}
if [ -x "$PLAYBOOK" ]; then
    say "5. ops/ansible's role applied to a fresh Debian 12 root (chroot connection)"
    fresh_root
    # what a fleet machine has before Ansible reaches it: systemd, Python, python3-apt
    check "the root gets systemd, python3, python3-apt" \
        in_root apt-get install -y -q --no-install-recommends systemd python3 python3-apt
    cat > "$WORK/inventory.yml" <<INV
kiosks:
  hosts:
    $R:
      ansible_connection: community.general.chroot
      ansible_become: false
      ansible_python_interpreter: /usr/bin/python3
      library_kiosk_deb: $NEW
      library_kiosk_branch_name: "テスト図書館"
      library_kiosk_institution: TEST
      library_kiosk_ils_host: ils.library.example
      library_kiosk_ils_user: selfcheck
      library_kiosk_location: TEST-1F-1
      library_kiosk_sip2_password: "sip2-secret-from-the-vault"
      library_kiosk_card_key: "$(printf 'k%.0s' $(seq 64))"
      library_kiosk_start: false
INV
    play() { (cd "$ROOT_DIR/ops/ansible" && PATH=$(dirname "$PLAYBOOK"):$PATH \
        "$PLAYBOOK" -i "$WORK/inventory.yml" site.yml "$@") > "$WORK/play.out" 2>&1
        local status=$?; cat "$WORK/play.out" >> "$LOG"; return $status; }
    t0=$(date +%s)
    check "ansible-playbook site.yml applies the role" play
    say "the play took $(( $(date +%s) - t0 )) s"
    check "the package is installed" test "$(version_of)" = "$new_version"
    check "the branch config is the role's" grep -q 'name = "テスト図書館"' "$R/etc/library-kiosk/branch.toml"
    check "the branch config loads" in_root /opt/library-kiosk/bin/python -c \
        "from pathlib import Path; from kiosk.config import load_config; load_config(Path('/etc/library-kiosk/branch.toml'))"
    for secret in sip2-password card-key; do
        check "credential $secret: kiosk's, 0600" \
            test "$(chroot "$R" stat -c '%U %a' "/etc/library-kiosk/credentials/$secret")" = "kiosk 600"
    done
    check "the SIP2 password is the vault's" grep -qx "sip2-secret-from-the-vault" \
        "$R/etc/library-kiosk/credentials/sip2-password"
    check "no secret in the play's output" sh -c "! grep -q 'sip2-secret-from-the-vault' '$WORK/play.out'"
    check "library-kiosk.service enabled" sh -c "ls '$R'/etc/systemd/system/*.wants/library-kiosk.service"
    check "the cache refresh timer enabled" \
        test -L "$R/etc/systemd/system/timers.target.wants/library-kiosk-cache-refresh.timer"
    second_run() { play && grep -Eq 'changed=0 .*failed=0' "$WORK/play.out"; }
    check "a second run changes nothing" second_run
    cp "$R/etc/library-kiosk/branch.toml" "$WORK/branch.role"
    bad_config() {
        ! play -e '{"library_kiosk_branch_extra": "[offline]\nmax_items = 5"}' &&
            grep -q 'offline.max_items: unknown setting' "$WORK/play.out" &&
            cmp -s "$WORK/branch.role" "$R/etc/library-kiosk/branch.toml"
    }
    check "a config the kiosk would refuse is refused before it replaces the old one" bad_config
else
    say "5. skipped: no $PLAYBOOK (make ops-tools)"
fi

unmount_all
echo "test-deb: $(( $(date +%s) - start )) s in all; log: $LOG"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
