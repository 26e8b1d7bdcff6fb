#!/usr/bin/env bash
# The Debian package, for real: builds it from an existing build folder (cpack -G DEB),
# installs it with dpkg, checks the installed tool (cskpi --version, man -w cskpi, the
# bash completion, systemd-analyze verify on the units, a monthly run as the service's
# user on the sample exports), then removes it (dpkg -r: only the configuration is left)
# and purges it (dpkg -P).
# Runs as root on a throwaway machine (CI, after scripts/test.sh). It refuses to run where
# cskpi is already installed or its user exists, and purges what it installed on failure.
# Usage: scripts/test-package.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

checks=0
step() { echo "test-package: $*"; checks=$((checks + 1)); }
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || fail "must run as root (it installs the package with dpkg)"
[[ -f "$build/CPackConfig.cmake" ]] || fail "no configured build folder '$build' (run scripts/build.sh first)"
if dpkg-query -W -f='${Status}' cskpi 2>/dev/null | grep -q "ok \(installed\|config-files\)" ||
   getent passwd cskpi >/dev/null || [[ -e /etc/cskpi || -e /var/lib/cskpi ]]; then
    fail "cskpi is already installed on this machine (package, user, /etc/cskpi or /var/lib/cskpi)"
fi
# dpkg, waiting while another dpkg or apt holds its lock (up to 10 minutes).
run_dpkg() {
    local i out
    for ((i = 0; i < 300; i++)); do
        if out=$(dpkg "$@" </dev/null 2>&1); then printf '%s\n' "$out"; return 0; fi
        if [[ $out != *"locked by another process"* ]]; then printf '%s\n' "$out" >&2; return 1; fi
        sleep 2
    done
    printf '%s\n' "$out" >&2
    return 1
}
units=(cskpi-monthly.service cskpi-monthly.timer cskpi-year-end.service cskpi-year-end.timer)
conffiles=(/etc/cskpi/credentials /etc/cskpi/monthly.ini /etc/cskpi/year-end.ini)
work=$(mktemp -d)
cleanup() {
    if dpkg-query -W -f='${Status}' cskpi 2>/dev/null | grep -q "ok \(installed\|config-files\|half\)"; then
        run_dpkg -P cskpi >/dev/null 2>&1 || true
    fi
    rm -rf /var/lib/cskpi /var/cache/cskpi /etc/cskpi
    if getent passwd cskpi >/dev/null; then deluser --system --quiet cskpi >/dev/null 2>&1 || true; fi
    if getent group cskpi >/dev/null; then delgroup --system --quiet cskpi >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# ---- build ---------------------------------------------------------------------------
step "cpack -G DEB in $build"
rm -f "$build"/cskpi_*.deb
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$build"/cskpi_*.deb)
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg --print-architecture)
[[ $(basename "$deb") == "cskpi_${version}_${arch}.deb" ]] || fail "package file name $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
for d in adduser tzdata libc6 libstdc++6 libpocofoundation libxlsxwriter libdate-tz; do
    [[ $depends == *"$d"* ]] || fail "Depends lacks $d: $depends"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | sort > "$work/conffiles"
printf '%s\n' "${conffiles[@]}" | diff -u - "$work/conffiles" || fail "conffiles"
dpkg-deb -c "$deb" | awk '$6 ~ /^\.\/etc\/.*[^\/]$/ { print substr($6, 2) }' | sort | diff -u "$work/conffiles" - ||
    fail "a file under /etc is not a conffile"
step "$(basename "$deb"): Depends: $depends"

# ---- cmake --install with another prefix and DESTDIR: the paths follow the prefix ----
DESTDIR="$work/root" cmake --install "$build" --prefix /opt/cskpi >/dev/null
for f in bin/cskpi share/man/man1/cskpi.1.gz share/bash-completion/completions/cskpi \
         share/cskpi/reports/year-end.ini etc/cskpi/monthly.ini lib/systemd/system/cskpi-monthly.timer; do
    [[ -f "$work/root/opt/cskpi/$f" ]] || fail "cmake --install --prefix /opt/cskpi: no $f"
done
grep -qx 'ExecStart=/opt/cskpi/bin/cskpi monthly --config /opt/cskpi/etc/cskpi/monthly.ini --mail' \
    "$work/root/opt/cskpi/lib/systemd/system/cskpi-monthly.service" || fail "ExecStart for the prefix /opt/cskpi"
[[ $(find "$work/root" -mindepth 1 -maxdepth 1) == "$work/root/opt" ]] || fail "cmake --install wrote outside DESTDIR/prefix"
step "DESTDIR=... cmake --install --prefix /opt/cskpi: files and units under the prefix"

# ---- install -------------------------------------------------------------------------
step "dpkg -i"
# Minimal images exclude /usr/share/man from installs; the man page is what is tested.
run_dpkg --path-include='/usr/share/man/man1/cskpi.1.gz' -i "$deb" >"$work/dpkg.log" ||
    { cat "$work/dpkg.log"; fail "dpkg -i"; }
dpkg-query -L cskpi | sort > "$work/files"

[[ $(command -v cskpi) == /usr/bin/cskpi ]] || fail "cskpi is not /usr/bin/cskpi"
[[ $(cskpi --version) == "cskpi $version" ]] || fail "cskpi --version: $(cskpi --version)"
step "cskpi --version: $(cskpi --version)"

man_file=$(man -w cskpi) || fail "man -w cskpi"
[[ $man_file == /usr/share/man/man1/cskpi.1.gz ]] || fail "man -w cskpi: $man_file"
MANWIDTH=200 MAN_KEEP_FORMATTING=0 man -P cat cskpi 2>"$work/man.err" | col -b > "$work/man.txt"
[[ ! -s "$work/man.err" ]] || { cat "$work/man.err"; fail "man cskpi warns"; }
# The man page says what --help says: every command and every flag of every command.
for c in $(cskpi --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }'); do
    grep -q -- "$(cskpi --help | grep "^  $c " | sed "s/^  $c  *//")" "$work/man.txt" || fail "man page lacks command $c"
    for f in $(cskpi "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "$f" "$work/man.txt" || fail "man page lacks $c $f"
    done
done
step "man -w cskpi: $man_file (every command and flag of --help in it)"

complete_words() {  # prints the completions bash offers for the words given
    bash -c 'source /usr/share/bash-completion/completions/cskpi
             COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cskpi; echo "${COMPREPLY[*]}"' cskpi "$@"
}
[[ $(complete_words cskpi mon) == monthly ]] || fail "completion of 'cskpi mon': $(complete_words cskpi mon)"
[[ $(complete_words cskpi monthly --mail-t) == --mail-to-dir ]] || fail "completion of 'cskpi monthly --mail-t'"
[[ $(complete_words cskpi year-end --lang '') == "en zh-CN" ]] || fail "completion of 'cskpi year-end --lang'"
[[ $(complete_words cskpi sample --s) == --seed ]] || fail "completion of 'cskpi sample --s'"
step "bash completion: commands, flags, values"

passwd=$(getent passwd cskpi) || fail "no user cskpi"
IFS=: read -r _ _ uid _ _ home shell <<<"$passwd"
((uid < 1000)) || fail "cskpi is not a system user (uid $uid)"
[[ $home == /var/lib/cskpi && $shell == */nologin ]] || fail "user cskpi: home $home, shell $shell"
[[ $(stat -c '%a %U' /etc/cskpi/credentials) == "600 root" ]] || fail "/etc/cskpi/credentials: $(stat -c '%a %U' /etc/cskpi/credentials)"
[[ $(stat -c '%a %U' /var/lib/cskpi) == "750 cskpi" ]] || fail "/var/lib/cskpi: $(stat -c '%a %U' /var/lib/cskpi)"
step "user cskpi (uid $uid), /etc/cskpi/credentials 0600, /var/lib/cskpi"

unit_paths=("${units[@]/#//usr/lib/systemd/system/}")
systemd-analyze verify "${unit_paths[@]}" || fail "systemd-analyze verify"
grep -qx 'OnCalendar=\*-\*-02 06:15:00' /usr/lib/systemd/system/cskpi-monthly.timer || fail "monthly OnCalendar"
for u in "${units[@]}"; do
    [[ $(systemctl is-enabled "$u" 2>/dev/null || true) != enabled ]] || fail "$u is enabled by the package"
done
step "systemd-analyze verify: ${units[*]} (none enabled)"

# The runs as the services run them: their user, their environment, /etc/cskpi/*.ini, on
# the sample exports (the definitions' time zone is UTC; the samples' is Asia/Shanghai).
install -o cskpi -g cskpi -m 0640 /usr/share/cskpi/samples/*.csv /var/lib/cskpi/exports/
as_service() {
    (cd /var/lib/cskpi && runuser -u cskpi -- env XDG_DATA_HOME=/var/lib XDG_CACHE_HOME=/var/cache \
        cskpi "$@" --timezone Asia/Shanghai --mail-to-dir /var/lib/cskpi/out >"$work/run.log" 2>&1) ||
        { cat "$work/run.log"; fail "cskpi $* as cskpi"; }
}
as_service year-end --config /etc/cskpi/year-end.ini --year 2025
as_service monthly --config /etc/cskpi/monthly.ini --month 2026-06
grep -q "saved by a year-end run" "$work/run.log" || fail "the monthly run did not find the year-end run's targets"
for f in /var/lib/cskpi/out/cs-kpi-year-end-2025.xlsx /var/lib/cskpi/out/cskpi-2026-06.xlsx \
         /var/lib/cskpi/out/cskpi-2026-06.eml /var/lib/cskpi/history.sqlite; do
    [[ $(stat -c %U "$f" 2>/dev/null) == cskpi ]] || fail "the monthly run did not write $f as cskpi"
done
runuser -u cskpi -- cskpi history --config /etc/cskpi/monthly.ini | grep -q 2026-06 || fail "cskpi history"
step "year-end 2025 and monthly 2026-06 as cskpi with /etc/cskpi: workbooks, mail, one history store"

# ---- reinstall (the upgrade path): the admin's changes stay --------------------------
systemctl enable cskpi-monthly.timer >/dev/null 2>&1 || fail "systemctl enable cskpi-monthly.timer"
echo "CSKPI_SMTP_PASSWORD=changed" >> /etc/cskpi/credentials
run_dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i over the installed package"; }
grep -q changed /etc/cskpi/credentials || fail "reinstalling replaced the changed credentials"
[[ $(stat -c '%a' /etc/cskpi/credentials) == 600 ]] || fail "reinstalling changed the mode of /etc/cskpi/credentials"
[[ $(id -u cskpi) == "$uid" && -f /var/lib/cskpi/history.sqlite ]] || fail "reinstalling changed the user or the state"
[[ $(systemctl is-enabled cskpi-monthly.timer 2>/dev/null) == enabled ]] || fail "reinstalling disabled the timer"
step "dpkg -i again: changed conffile, user, history store and enabled timer kept"

# ---- remove: only the configuration stays --------------------------------------------
step "dpkg -r (with cskpi-monthly.timer enabled and a changed conffile)"
run_dpkg -r cskpi >"$work/dpkg.log" || { cat "$work/dpkg.log"; fail "dpkg -r"; }
[[ $(dpkg-query -W -f='${Status}' cskpi) == "deinstall ok config-files" ]] || fail "status after dpkg -r"
while read -r f; do
    [[ -e $f && ! -d $f ]] || continue
    printf '%s\n' "${conffiles[@]}" | grep -qx -- "$f" || fail "dpkg -r left $f"
done <"$work/files"
for f in "${conffiles[@]}"; do [[ -f $f ]] || fail "dpkg -r removed the conffile $f"; done
grep -q changed /etc/cskpi/credentials || fail "dpkg -r lost the changed credentials"
leftover=$(find /etc/systemd /usr/lib/systemd /lib/systemd -name 'cskpi*' 2>/dev/null || true)
[[ -z $leftover ]] || fail "dpkg -r left $leftover"
step "dpkg -r: binary, man page, units and timer links gone; ${conffiles[*]} kept"

# ---- purge: configuration and cache go; a history store stays with its user ----------
run_dpkg -P cskpi >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -P"; }
dpkg-query -W cskpi >/dev/null 2>&1 && fail "cskpi still known to dpkg after dpkg -P"
[[ ! -e /etc/cskpi && ! -e /var/cache/cskpi ]] || fail "dpkg -P left /etc/cskpi or /var/cache/cskpi"
[[ -f /var/lib/cskpi/history.sqlite ]] && getent passwd cskpi >/dev/null || fail "dpkg -P dropped the history store or its user"
step "dpkg -P: /etc/cskpi and /var/cache/cskpi gone; the history store and user cskpi kept"

# Without a history store, purge leaves nothing: no state folder, no user.
rm -rf /var/lib/cskpi
run_dpkg -i "$deb" >"$work/dpkg.log" 2>&1 && run_dpkg -P cskpi >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i, dpkg -P"; }
[[ ! -e /var/lib/cskpi && ! -e /etc/cskpi ]] || fail "dpkg -P of an unused install left /var/lib/cskpi or /etc/cskpi"
! getent passwd cskpi >/dev/null && ! getent group cskpi >/dev/null || fail "dpkg -P of an unused install left the user cskpi"
step "dpkg -i, dpkg -P of an unused install: nothing left"
echo "package: $checks passed, 0 failed"
