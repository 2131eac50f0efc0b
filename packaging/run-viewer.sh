#!/usr/bin/env bash
# One command from a fresh checkout to the viewer on the demo assets:
#   packaging/run-viewer.sh [VIDEO] [--model PATH]
# Installs the GTK 3 library JavaFX needs (apt-get, only when missing), builds the jar when it is
# missing or older than the sources, and starts the viewer. Extra arguments go to the viewer.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0'; then
  echo "JavaFX needs GTK 3 (libgtk-3-0); installing it with apt-get ..." >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq libgtk-3-0 >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo apt-get install -y -qq libgtk-3-0 >/dev/null
  else
    echo "Please install libgtk-3-0 (Debian/Ubuntu: apt-get install libgtk-3-0) and run again." >&2
    exit 1
  fi
fi

jar=target/spacetime-lens.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi

exec java -Dai.djl.offline=true -jar "$jar" "$@"
