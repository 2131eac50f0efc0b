#!/usr/bin/env bash
# Smoke test of the packaged app (CI runs it after `mvn verify`; about 1-3 minutes on 2 cores).
#
#   packaging/smoke-test.sh [--skip-maven] [--assets DIR] [--with-deb] [--viewer]
#
# Builds the cpu app-image with packaging/build-app.sh, then, with an empty home folder and (where
# the kernel allows it) no network at all:
#   - the CLI launcher answers --version;
#   - `export` on the bundled demo model, run under `strace -f -e trace=connect` (no AF_INET/AF_INET6
#     connect allowed; skipped with a note where strace cannot trace) and printing only its own
#     lines, writes maps.npz and params.json that smoke_check.py finds
#     sane (shapes from the model's config, softmax rows summing to 1, rollout in [0, 1], the
#     weights' sha256);
#   - DJL extracted the PyTorch natives from the jar inside the package into that empty home;
#   - the viewer, started on the demo under strace (Xvfb, else headless Monocle), draws its first map
#     without any AF_INET/AF_INET6 connect;
#   - a missing --model gives a non-zero exit and a one-line reason naming the path;
#   - the viewer launcher without a display exits 2 with a reason instead of crashing.
# --with-deb also builds the .deb (gzip, faster) and checks its Depends and contents; --viewer
# starts the viewer under Xvfb and saves a screenshot to target/package/viewer.png.
# Installs python3 (and xvfb for --viewer) with apt-get when absent and run as root.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_ARGS=()
WITH_DEB=0
VIEWER=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-maven) BUILD_ARGS+=(--skip-maven); shift ;;
    --assets) BUILD_ARGS+=(--assets "${2:?}"); shift 2 ;;
    --with-deb) WITH_DEB=1; shift ;;
    --viewer) VIEWER=1; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "smoke-test: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

FAILURES=0
pass() { echo "smoke-test: ok   $*"; }
fail() { echo "smoke-test: FAIL $*" >&2; FAILURES=$((FAILURES + 1)); }
need() {  # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "smoke-test: installing $2"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  else
    echo "smoke-test: '$1' is missing (install $2)" >&2; exit 1
  fi
}
need python3 python3

T0=$(date +%s)
"$ROOT/packaging/build-app.sh" --flavour cpu --type app-image "${BUILD_ARGS[@]}"
T_BUILD=$(( $(date +%s) - T0 ))
APP="$ROOT/target/package/cpu/SpacetimeLens"
MODEL="$APP/lib/app/assets/demo/model"
for f in bin/SpacetimeLens bin/spacetime-lens lib/app/assets/demo/model/config.json lib/SpacetimeLens.png; do
  [ -e "$APP/$f" ] && pass "app-image has $f" || fail "app-image lacks $f"
done

HOME_DIR="$(mktemp -d)"
WORK="$(mktemp -d)"
trap 'rm -rf "$HOME_DIR" "$WORK"' EXIT
# No network: a fresh network namespace has only a down loopback. Falls back to relying on
# -Dai.djl.offline (set in the launchers) where namespaces are not allowed.
NONET=()
if unshare -n true 2>/dev/null; then NONET=(unshare -n)
elif unshare -rn true 2>/dev/null; then NONET=(unshare -rn)
else echo "smoke-test: note: cannot drop the network here (no namespaces); running with it"; fi
# Java takes user.home from the password database, not $HOME: point both at the empty folder.
isolated() { HOME="$HOME_DIR" XDG_STATE_HOME="$HOME_DIR/.local/state" _JAVA_OPTIONS="-Duser.home=$HOME_DIR" "${NONET[@]}" "$@"; }

if out="$(isolated "$APP/bin/spacetime-lens" --version 2>&1)" && grep -q "Spacetime Lens" <<<"$out"; then
  pass "CLI --version: $(grep 'Spacetime Lens' <<<"$out")"
else
  fail "CLI --version: $out"
fi

python3 "$ROOT/packaging/smoke_check.py" clip "$MODEL" "$WORK/clip.npy" >/dev/null
# Proven offline: the export runs under strace, which lists every connect() of every thread and child;
# any AF_INET/AF_INET6 one fails the test (a dropped network would only hide an attempt).
TRACE=()
if command -v strace >/dev/null 2>&1 && strace -f -e trace=connect -o /dev/null true 2>/dev/null; then
  TRACE=(strace -f -qq -e trace=connect -o "$WORK/connect.trace")
else
  echo "smoke-test: note: strace is missing or cannot trace here; the no-network check is skipped"
fi
T1=$(date +%s.%N)
if isolated "${TRACE[@]}" "$APP/bin/spacetime-lens" export --model "$MODEL" --clip "$WORK/clip.npy" --out "$WORK/out" \
    >"$WORK/export.log" 2>&1; then
  COLD=$(python3 -c "print(f'{$(date +%s.%N) - $T1:.1f}')")
  pass "export on the demo model, cold start with an empty home: ${COLD} s"
  if python3 "$ROOT/packaging/smoke_check.py" check "$MODEL" "$WORK/out"; then
    pass "export outputs are sane"
  else
    fail "export outputs (see above)"
  fi
else
  fail "export exited $?; log:"; sed 's/^/    /' "$WORK/export.log" >&2
fi
if [ ${#TRACE[@]} -gt 0 ]; then
  if grep 'sa_family=AF_INET' "$WORK/connect.trace" >"$WORK/inet.trace"; then
    fail "export tried to connect to the network:"; sed 's/^/    /' "$WORK/inet.trace" | head -20 >&2
  else
    pass "export made no AF_INET/AF_INET6 connect (strace: $(grep -c 'connect(' "$WORK/connect.trace" || true) connect calls, all local)"
  fi
fi
# Engine and decoder logs go to the log file, not the terminal: only the CLI's own lines may appear.
extra="$(grep -vE '^(wrote |export: |Picked up _JAVA_OPTIONS)' "$WORK/export.log" || true)"
if [ -n "$extra" ]; then
  fail "export printed lines that are not its own:"; head -20 <<<"$extra" | sed 's/^/    /' >&2
elif ls "$HOME_DIR"/.local/state/spacetime-lens/logs/cli.log >/dev/null 2>&1; then
  pass "export printed only its own lines; engine logs in ~/.local/state/spacetime-lens/logs/cli.log"
else
  fail "no log file ~/.local/state/spacetime-lens/logs/cli.log"
fi
if ls "$HOME_DIR"/.djl.ai/pytorch/*/libtorch_cpu.so >/dev/null 2>&1; then
  pass "PyTorch natives extracted offline from the bundled jar ($(du -sh "$HOME_DIR/.djl.ai" | cut -f1))"
else
  fail "no PyTorch natives under the empty home's .djl.ai"
fi

# Proven offline, the viewer too: it starts on the bundled demo under strace (under Xvfb where xvfb-run
# and GTK 3 are there, else headless Monocle from the local Maven repository), runs until its log says
# the first map is on screen, and is closed (SIGTERM); any AF_INET/AF_INET6 connect fails the test.
viewer_offline() {
  local trace="$WORK/viewer-connect.trace" log="$HOME_DIR/.local/state/spacetime-lens/logs/viewer.log"
  local monocle how cmd
  monocle="$(ls "${HOME}"/.m2/repository/org/testfx/openjfx-monocle/*/openjfx-monocle-*.jar 2>/dev/null | tail -1 || true)"
  if command -v xvfb-run >/dev/null 2>&1 && { ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0'; }; then
    how="Xvfb"; cmd=(xvfb-run -a -s "-screen 0 1280x800x24" bash -c '"$@"' _)
    set -- "$APP/bin/SpacetimeLens"
  elif [ -n "$monocle" ] && [ -f "$ROOT/target/spacetime-lens.jar" ]; then
    how="Monocle"; cmd=(bash -c '"$@"' _)
    set -- java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dheadless.geometry=1920x1200-32 -Dprism.order=sw -Dai.djl.offline=true \
      -cp "$ROOT/target/spacetime-lens.jar:$monocle" org.spacetimelens.app.ViewerLauncher \
      "$APP/lib/app/assets/demo/demo.mp4" --model "$MODEL"
  else
    echo "smoke-test: note: neither xvfb-run with GTK 3 nor a Monocle jar; the viewer's no-network trace is skipped"
    return 0
  fi
  rm -f "$log"
  local t0=$SECONDS
  # strace's child is the viewer; the waiter sends it SIGTERM once the first map is drawn (or after 50 s)
  isolated "${cmd[@]}" bash -c '
    strace -f -qq -e trace=connect -o "$1" "${@:3}" & st=$!
    for _ in $(seq 1 250); do grep -qs "first map on screen" "$2" && break; sleep 0.2; done
    kill -TERM $(pgrep -P $st) 2>/dev/null; wait $st' _ "$trace" "$log" "$@" >"$WORK/viewer.out" 2>&1 || true
  if ! grep -qs "first map on screen" "$log"; then
    fail "viewer ($how) drew no map within 50 s; its log:"; sed 's/^/    /' "$log" "$WORK/viewer.out" 2>/dev/null | tail -20 >&2
  elif grep 'sa_family=AF_INET' "$trace" >"$WORK/viewer-inet.trace"; then
    fail "viewer ($how) tried to connect to the network:"; sed 's/^/    /' "$WORK/viewer-inet.trace" | head -20 >&2
  else
    pass "viewer ($how) on the demo: $(grep -o 'first map on screen.*' "$log"), no AF_INET/AF_INET6 connect (strace: $(grep -c 'connect(' "$trace" || true) connect calls, all local; $((SECONDS - t0)) s)"
  fi
}
if [ ${#TRACE[@]} -gt 0 ]; then viewer_offline; fi

set +e
isolated "$APP/bin/spacetime-lens" export --model "$WORK/no-such-model" --clip "$WORK/clip.npy" \
  --out "$WORK/out2" >/dev/null 2>"$WORK/bad.err"
rc=$?
set -e
err="$(grep -v '^Picked up _JAVA_OPTIONS' "$WORK/bad.err" || true)"
if [ "$rc" != 0 ] && grep -q "no-such-model" <<<"$err" && [ "$(wc -l <<<"$err")" -eq 1 ]; then
  pass "bad --model: exit $rc, one-line reason: $err"
else
  fail "bad --model: exit $rc, stderr: $err"
fi

set +e
err="$(env -u DISPLAY -u WAYLAND_DISPLAY HOME="$HOME_DIR" _JAVA_OPTIONS="-Duser.home=$HOME_DIR" \
  "$APP/bin/SpacetimeLens" 2>&1 | grep -v '^Picked up _JAVA_OPTIONS')"
set -e
if grep -qi "display" <<<"$err"; then
  pass "viewer without a display explains itself: $(head -1 <<<"$err")"
else
  fail "viewer without a display: $err"
fi

if [ "$VIEWER" = 1 ]; then
  need xvfb-run xvfb
  need import imagemagick
  shot="$ROOT/target/package/viewer.png"
  isolated xvfb-run -a -s "-screen 0 1600x1000x24" bash -c \
    "'$APP/bin/SpacetimeLens' >'$WORK/viewer.log' 2>&1 & sleep 45; import -window root '$shot'; kill %1" || true
  if grep -q "Exception" "$WORK/viewer.log"; then
    fail "viewer log has exceptions:"; grep -A3 "Exception" "$WORK/viewer.log" | grep -v CssStyleHelper | head -20 >&2
  fi
  [ -s "$shot" ] && pass "viewer screenshot: $shot" || fail "no viewer screenshot"
fi

if [ "$WITH_DEB" = 1 ]; then
  deb_args=(--skip-maven)   # the jars were built above
  for a in "${BUILD_ARGS[@]}"; do [ "$a" = --skip-maven ] || deb_args+=("$a"); done
  DPKG_DEB_COMPRESSOR_TYPE=gzip "$ROOT/packaging/build-app.sh" --flavour cpu --type deb "${deb_args[@]}"
  deb="$(ls "$ROOT"/target/package/cpu/spacetime-lens_*_amd64.deb)"
  dpkg-deb -f "$deb" Depends | grep -q "libgtk-3-0" && pass ".deb depends on libgtk-3-0" || fail ".deb Depends lacks libgtk-3-0"
  dpkg-deb -c "$deb" > "$WORK/deb-contents"
  for f in ./opt/spacetime-lens/bin/spacetime-lens ./opt/spacetime-lens/bin/SpacetimeLens \
      ./opt/spacetime-lens/lib/spacetime-lens-SpacetimeLens.desktop ./opt/spacetime-lens/lib/app/assets/demo/model/config.json; do
    grep -q " $f\$" "$WORK/deb-contents" && pass ".deb has $f" || fail ".deb lacks $f"
  done
  # One menu entry (the viewer); the CLI launcher must not get one.
  n="$(grep -c '\.desktop$' "$WORK/deb-contents" || true)"
  [ "$n" = 1 ] && pass ".deb has exactly one .desktop entry" || fail ".deb has $n .desktop entries, expected 1"
fi

echo "smoke-test: app-image $(du -sh "$APP" | cut -f1), build ${T_BUILD} s, total $(( $(date +%s) - T0 )) s"
if [ "$FAILURES" -gt 0 ]; then
  echo "smoke-test: $FAILURES check(s) failed" >&2
  exit 1
fi
echo "smoke-test: all checks passed"
