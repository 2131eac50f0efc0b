#!/usr/bin/env bash
# Builds the Spacetime Lens Linux app-image and .deb with JDK 17's jpackage.
#
#   packaging/build-app.sh [--flavour cpu|gpu] [--type app-image|deb|all] [--skip-maven]
#                          [--assets DIR] [--dest DIR]
#
# Output (default dest target/package/<flavour>/):
#   SpacetimeLens/                      the app-image: bin/SpacetimeLens (viewer), bin/spacetime-lens (CLI)
#   spacetime-lens_<ver>-<rel>_amd64.deb
#
# Environment: JPACKAGE_JDK (a JDK 17 with jpackage and jmods; default /usr/lib/jvm/java-17-openjdk-amd64
# or $JAVA_HOME when that is a 17), MAVEN_ARGS (default "-B -ntp -q"; add -o to build offline),
# DPKG_DEB_COMPRESSOR_TYPE (gzip by default; xz makes a ~5% smaller .deb in ~5x the time).
# Tools it needs and lacks (fakeroot and dpkg-deb for the .deb, objcopy for jlink) are installed
# with apt-get when run as root, else it stops and names them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG_DIR="$ROOT/packaging"
FLAVOUR=cpu
TYPE=all
SKIP_MAVEN=0
ASSETS="$ROOT/assets/demo"
DEST=""

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "build-app: $*" >&2; exit 1; }
log() { echo "build-app: $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --flavour|--flavor) FLAVOUR="${2:?}"; shift 2 ;;
    --type) TYPE="${2:?}"; shift 2 ;;
    --skip-maven) SKIP_MAVEN=1; shift ;;
    --assets) ASSETS="$(cd "${2:?}" && pwd)"; shift 2 ;;
    --dest) mkdir -p "${2:?}"; DEST="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
case "$FLAVOUR" in cpu|gpu) ;; *) die "--flavour must be cpu or gpu, got '$FLAVOUR'" ;; esac
case "$TYPE" in app-image|deb|all) ;; *) die "--type must be app-image, deb or all, got '$TYPE'" ;; esac
DEST="${DEST:-$ROOT/target/package/$FLAVOUR}"

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
pick_jdk() {
  local c
  for c in "${JPACKAGE_JDK:-}" "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64; do
    [ -n "$c" ] && [ -x "$c/bin/jpackage" ] && [ -d "$c/jmods" ] || continue
    "$c/bin/java" -version 2>&1 | head -1 | grep -q '"17\.' || continue
    echo "$c"; return 0
  done
  return 1
}
if ! pick_jdk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
    && apt-cache show openjdk-17-jdk-headless >/dev/null 2>&1; then
  log "installing openjdk-17-jdk-headless (jpackage and jmods)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless >/dev/null
  APT_UPDATED=1
fi
JDK="$(pick_jdk)" || die "no JDK 17 with jpackage and jmods found (Debian: apt-get install openjdk-17-jdk; Ubuntu: also openjdk-17-jmods; or set JPACKAGE_JDK)"

# ensure_tool COMMAND DEBIAN_PACKAGE...: installs the package only when the command is absent.
ensure_tool() {
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing $* (for $cmd)"
    if [ -z "${APT_UPDATED:-}" ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    die "'$cmd' is missing: install the package(s) $* (needs root)"
  fi
}
ensure_tool objcopy binutils           # jlink --strip-debug strips native symbols with it
ensure_tool unzip unzip               # reads the jar manifest (and cudart for the gpu flavour)
if [ "$TYPE" != app-image ]; then
  ensure_tool fakeroot fakeroot
  ensure_tool dpkg-deb dpkg
fi

# ---------------------------------------------------------------------------------------------
# Jars
# ---------------------------------------------------------------------------------------------
VERSION="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
PYTORCH_VERSION="$(sed -n 's:.*<pytorch.version>\(.*\)</pytorch.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
[ -n "$VERSION" ] && [ -n "$PYTORCH_VERSION" ] || die "could not read the version or pytorch.version from pom.xml"
if [ "$FLAVOUR" = gpu ]; then NATIVE="pytorch-native-cu124"; else NATIVE="pytorch-native-cpu"; fi

[ -d "$ASSETS/model" ] || die "demo assets not found: $ASSETS/model is missing (merge the demo assets or pass --assets DIR holding model/ and demo.mp4)"
START=$(date +%s)
if [ "$SKIP_MAVEN" = 0 ]; then
  log "mvn package ($FLAVOUR)"
  # shellcheck disable=SC2086 # MAVEN_ARGS is a list of flags
  (cd "$ROOT" && mvn ${MAVEN_ARGS:--B -ntp -q} package -DskipTests $([ "$FLAVOUR" = gpu ] && echo -Pgpu))
fi
JAR="$ROOT/target/spacetime-lens.jar"
[ -f "$JAR" ] || die "$JAR is missing: run without --skip-maven"
# target/lib may hold jars of an earlier build of the other flavour: trust only the manifest.
CLASS_PATH="$(unzip -p "$JAR" META-INF/MANIFEST.MF | tr -d '\r' | sed -n '/^Class-Path:/,/^[A-Za-z-]*:/p' \
  | sed -e 's/^Class-Path: //' -e '/^[A-Za-z-]*:/d' -e 's/^ //' | tr -d '\n')"
[ -n "$CLASS_PATH" ] || die "$JAR has no manifest Class-Path"
case " $CLASS_PATH " in
  *"lib/$NATIVE-"*) ;;
  *) die "$JAR was built for the other flavour (no $NATIVE in its Class-Path): run without --skip-maven" ;;
esac

# ---------------------------------------------------------------------------------------------
# Input folder: what jpackage copies to <app>/lib/app ($APPDIR)
# ---------------------------------------------------------------------------------------------
INPUT="$DEST/input"
rm -rf "$INPUT" "$DEST/resources"
mkdir -p "$INPUT/lib" "$INPUT/assets"
# Hard links where possible: the gpu natives alone are 2.4 GB.
copy() { cp -l "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
copy "$JAR" "$INPUT/"
for entry in $CLASS_PATH; do
  src="$ROOT/target/$entry"
  [ -f "$src" ] || die "$src (from the manifest Class-Path) is missing"
  copy "$src" "$INPUT/lib/"
done
# DemoAssets looks in <jar dir>/assets/demo, i.e. <app>/lib/app/assets/demo.
cp -r "$ASSETS" "$INPUT/assets/demo"

JAVA_OPTIONS=(
  "-Dai.djl.offline=true"           # no DJL telemetry or downloads: the natives are inside
  "-XX:MaxRAMPercentage=50"         # heap scales with the machine; PyTorch memory is off-heap
  "-Dfile.encoding=UTF-8"
)
if [ "$FLAVOUR" = cpu ]; then
  # DJL probes for CUDA even with CPU-only natives and warns when a system libcudart has no driver
  # behind it: noise for this flavour.
  JAVA_OPTIONS+=("-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error")
else
  # DJL decides between the CUDA and the CPU natives (both are on the class path, CUDA first)
  # with cudaGetDeviceCount through JNA's "cudart". Ship the cudart of the bundled CUDA natives
  # so that decision needs no CUDA toolkit, only the NVIDIA driver; without a usable driver it
  # reports no GPU and DJL takes the CPU natives.
  mkdir -p "$INPUT/cuda"
  cudart="$(unzip -Z1 "$INPUT/lib/$NATIVE-$PYTORCH_VERSION-linux-x86_64.jar" | grep '/libcudart-[^/]*\.so\.[0-9]*$' | head -1)"
  [ -n "$cudart" ] || die "no libcudart in $NATIVE"
  unzip -p "$INPUT/lib/$NATIVE-$PYTORCH_VERSION-linux-x86_64.jar" "$cudart" > "$INPUT/cuda/libcudart.so"
  ls "$INPUT/lib/pytorch-native-cpu-"*.jar >/dev/null 2>&1 \
    || die "the gpu build lacks the CPU fallback natives (pytorch-native-cpu in the gpu profile of pom.xml)"
  JAVA_OPTIONS+=('-Djna.library.path=$APPDIR/cuda')
fi

# ---------------------------------------------------------------------------------------------
# Runtime modules: what jdeps finds, plus modules reached only by reflection or service lookup
# ---------------------------------------------------------------------------------------------
log "jdeps (module list)"
MODULES="$("$JDK/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 \
  --class-path "$INPUT/lib/*" "$INPUT/spacetime-lens.jar" | tail -1)"
case "$MODULES" in java.base*) ;; *) die "jdeps failed: $MODULES" ;; esac
# (jdk.unsupported: sun.misc.Unsafe for JavaCPP and JavaFX; jdk.zipfs: zip file systems). Left out
# on purpose: jdk.crypto.ec and java.net.http (nothing talks to the network), jdk.localedata
# (+20 MB; formats fall back to the root locale).
MODULES="$(tr , "\n" <<<"$MODULES,jdk.unsupported,jdk.zipfs" | sort -u | paste -sd, -)"
log "modules: $MODULES"

# ---------------------------------------------------------------------------------------------
# Resources: .desktop entry and maintainer scripts with this flavour's install dir
# ---------------------------------------------------------------------------------------------
PKG_NAME=spacetime-lens
if [ "$FLAVOUR" = gpu ]; then RELEASE="1+cu124"; else RELEASE=1; fi
APP_DIR="/opt/$PKG_NAME"
mkdir -p "$DEST/resources"
for f in SpacetimeLens.desktop postinst prerm; do
  sed "s:@APP_DIR@:$APP_DIR:g" "$PKG_DIR/linux/$f" > "$DEST/resources/$f"
done
chmod +x "$DEST/resources/postinst" "$DEST/resources/prerm"
{
  echo "main-class=org.spacetimelens.cli.Main"
  echo "description=Spacetime Lens command line (export, predict, view, train-demo)"
  echo "java-options=${JAVA_OPTIONS[*]}"
  # A console tool: no menu entry. JDK 17 gives every launcher with a custom icon a .desktop file
  # whatever linux-shortcut says; an explicitly empty icon is what turns it off.
  echo "linux-shortcut=false"
  echo "icon="
} > "$DEST/resources/spacetime-lens.properties"

DESCRIPTION="Attention-rollout viewer and CLI for TimeSformer video transformers"
COMMON=(--name SpacetimeLens --app-version "$VERSION" --vendor "Spacetime Lens"
  --description "$DESCRIPTION" --icon "$PKG_DIR/spacetime-lens.png" --resource-dir "$DEST/resources")

java_opts=()
for o in "${JAVA_OPTIONS[@]}"; do java_opts+=(--java-options "$o"); done
# The same application for both types. The .deb is not made with --app-image from the folder below:
# JDK 17 forgets the CLI launcher's linux-shortcut=false that way and gives it a menu entry.
APP=("${COMMON[@]}" --input "$INPUT" --main-jar spacetime-lens.jar
  --main-class org.spacetimelens.app.ViewerLauncher "${java_opts[@]}" --add-modules "$MODULES"
  --add-launcher "spacetime-lens=$DEST/resources/spacetime-lens.properties")
# In both, the launchers' .cfg list the main jar first, then every jar of the input folder; the JVM
# opens the main jar's manifest Class-Path right after the main jar, so the manifest's order wins
# (in the gpu flavour: CUDA natives before the CPU fallback).

if [ "$TYPE" != deb ]; then
  log "jpackage app-image"
  rm -rf "$DEST/SpacetimeLens"   # jpackage refuses to overwrite it
  "$JDK/bin/jpackage" --type app-image --dest "$DEST" "${APP[@]}"
  log "app-image: $(du -sh "$DEST/SpacetimeLens" | cut -f1) in $DEST/SpacetimeLens"
fi

if [ "$TYPE" != app-image ]; then
  log "jpackage deb (compression ${DPKG_DEB_COMPRESSOR_TYPE:-gzip})"
  rm -f "$DEST"/*.deb
  # Read by dpkg-deb. Most of the payload is jars (already deflated): xz, dpkg's default, saves ~5%
  # of the size for ~5x the time (6 min against 1 on two cores), so gzip unless asked otherwise.
  export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
  "$JDK/bin/jpackage" --type deb --dest "$DEST" "${APP[@]}" \
    --linux-package-name "$PKG_NAME" --linux-app-release "$RELEASE" --install-dir /opt \
    --linux-deb-maintainer spacetime-lens@users.noreply.github.com \
    --linux-menu-group "Graphics;Science;Education;" --linux-app-category graphics \
    --linux-package-deps libgtk-3-0 --linux-shortcut
  log "deb: $(ls -sh "$DEST"/*.deb)"
fi
log "done in $(( $(date +%s) - START )) s"
