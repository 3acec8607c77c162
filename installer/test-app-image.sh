#!/usr/bin/env bash
# Builds the Linux app-image and starts it the way a student does: OMP_WAIT_POLICY unset, from a
# clean environment. Checks (issue #20: the installed app printed java's usage and exited 1):
#   1. `--help` prints the CLI usage and exits 0;
#   2. `doctor --json` reports "ompWaitPolicy" : "PASSIVE" (the relaunch set it for libtorch);
#   3. no arguments, under Xvfb: the main window shows (xdotool finds it; screenshot saved), the
#      process that owns it runs with OMP_WAIT_POLICY=PASSIVE, and stopping the launcher stops it.
# Run by .ci/run after `mvn -B verify` (which leaves target/companion.jar and target/lib).
# Installs Xvfb/xdotool/x11-utils/imagemagick/GTK when missing (as root, with apt-get).
# Usage: installer/test-app-image.sh [--no-build]     (env APP_IMAGE_TEST_DISPLAY=:N to pick a display)
set -euo pipefail
cd "$(dirname "$0")/.."

NAME="LLM-Course-Companion"
APP="$PWD/target/installer/$NAME/bin/$NAME"
OUT="$PWD/target/app-image-test"
WINDOW_TITLE="LLM Course Companion"
T0=$(date +%s)
step() { echo "[app-image-test +$(( $(date +%s) - T0 ))s] $*"; }
fail() { echo "[app-image-test] FAIL: $*" >&2; exit 1; }

# --- what the test needs ---------------------------------------------------------------------
missing=()
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v xdotool >/dev/null || missing+=(xdotool)
command -v xwininfo >/dev/null || missing+=(x11-utils)
command -v import >/dev/null || missing+=(imagemagick)
# JavaFX's glass needs GTK 3 at run time; the .deb declares it, an app-image relies on the system.
dpkg-query -W -f='${Status}' libgtk-3-0 2>/dev/null | grep -q 'install ok installed' || missing+=(libgtk-3-0)
{ command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -1)" ]; } || missing+=(fontconfig fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  [ "$(id -u)" = 0 ] || fail "missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi
command -v jpackage >/dev/null || fail "jpackage (JDK 17) is not on PATH"

# --- the app-image, as installer/build-linux.sh makes it for users ----------------------------
if [ "${1:-}" != "--no-build" ]; then
  step "building the app-image"
  bash installer/build-linux.sh --skip-deb >/dev/null
fi
[ -x "$APP" ] || fail "no launcher at $APP"
rm -rf "$OUT"; mkdir -p "$OUT"

# A student's environment: none of the variables the launchers or the build set.
AS_USER=(env -u OMP_WAIT_POLICY -u COMPANION_LAUNCHER_PID -u JDK_JAVA_OPTIONS -u _JPACKAGE_LAUNCHER)

# --- 1. --help ----------------------------------------------------------------------------------
step "$NAME --help"
rc=0; "${AS_USER[@]}" timeout 120 "$APP" --help >"$OUT/help.txt" 2>&1 || rc=$?
[ "$rc" = 0 ] || { cat "$OUT/help.txt"; fail "--help exited $rc"; }
# The usage heading follows the language (LANG/--lang): "Uso:" in pt-BR, "Usage:" in English.
grep -qE '^(Uso|Usage): companion' "$OUT/help.txt" || { cat "$OUT/help.txt"; fail "--help did not print the CLI usage"; }
rc=0; "${AS_USER[@]}" timeout 120 "$APP" --lang en --help >"$OUT/help-en.txt" 2>&1 || rc=$?
[ "$rc" = 0 ] || { cat "$OUT/help-en.txt"; fail "--lang en --help exited $rc"; }
grep -q '^Usage: companion' "$OUT/help-en.txt" || { cat "$OUT/help-en.txt"; fail "--lang en --help did not print the English usage"; }

# --- 2. doctor --json ---------------------------------------------------------------------------
step "$NAME doctor --json"
rc=0; "${AS_USER[@]}" timeout 300 "$APP" doctor --json >"$OUT/doctor.json" 2>"$OUT/doctor.err" || rc=$?
[ "$rc" = 0 ] || { cat "$OUT/doctor.json" "$OUT/doctor.err"; fail "doctor --json exited $rc"; }
grep -q '"ompWaitPolicy" : "PASSIVE"' "$OUT/doctor.json" || { cat "$OUT/doctor.json"; fail "doctor does not report PASSIVE"; }
grep -q '"loaded" : true' "$OUT/doctor.json" || { cat "$OUT/doctor.json"; fail "doctor: the PyTorch engine did not load"; }

# --- 3. the window, no arguments ----------------------------------------------------------------
XVFB_PID=""; APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT
if [ -n "${APP_IMAGE_TEST_DISPLAY:-}" ]; then
  DISPLAY_NAME="$APP_IMAGE_TEST_DISPLAY"
  Xvfb "$DISPLAY_NAME" -screen 0 1400x900x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
  XVFB_PID=$!
else
  # -displayfd: Xvfb picks a free display and writes its number, so parallel runs never collide.
  exec 5>"$OUT/display"
  Xvfb -displayfd 5 -screen 0 1400x900x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
  XVFB_PID=$!
  exec 5>&-
  for _ in $(seq 1 50); do [ -s "$OUT/display" ] && break; sleep 0.1; done
  DISPLAY_NAME=":$(head -1 "$OUT/display")"
fi
for _ in $(seq 1 50); do DISPLAY="$DISPLAY_NAME" xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
DISPLAY="$DISPLAY_NAME" xdpyinfo >/dev/null 2>&1 || { cat "$OUT/xvfb.log"; fail "Xvfb did not start on $DISPLAY_NAME"; }

step "$NAME (no arguments) on $DISPLAY_NAME"
started=$(date +%s)
DISPLAY="$DISPLAY_NAME" "${AS_USER[@]}" "$APP" >"$OUT/app.log" 2>&1 &
APP_PID=$!
window=""
for _ in $(seq 1 180); do
  window=$(DISPLAY="$DISPLAY_NAME" xdotool search --onlyvisible --name "$WINDOW_TITLE" 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$OUT/app.log"; fail "the app exited before showing a window"; }
  sleep 0.5
done
[ -n "$window" ] || { cat "$OUT/app.log"; DISPLAY="$DISPLAY_NAME" xwininfo -root -tree >&2 || true; fail "no window titled '$WINDOW_TITLE' after 90 s"; }
step "window $window shown $(( $(date +%s) - started )) s after start: $(DISPLAY="$DISPLAY_NAME" xdotool getwindowname "$window")"
DISPLAY="$DISPLAY_NAME" xwininfo -root -tree >"$OUT/windows.txt"
# Mapped is not painted: wait until the screenshot shows more than a blank window.
colors=0
for _ in $(seq 1 90); do
  DISPLAY="$DISPLAY_NAME" import -window root "$OUT/window.png"
  colors=$(convert "$OUT/window.png" -format '%k' info:)
  [ "$colors" -ge 50 ] && break
  sleep 1
done
[ "$colors" -ge 50 ] || { cat "$OUT/app.log"; fail "the window stayed blank ($colors colours) for 90 s"; }
step "painted ($colors colours): $OUT/window.png"

# The process behind the window is the relaunched child, with the policy libtorch must see.
owner=$(DISPLAY="$DISPLAY_NAME" xdotool getwindowpid "$window" 2>/dev/null || true)
if [ -n "$owner" ] && [ -r "/proc/$owner/environ" ]; then
  tr '\0' '\n' <"/proc/$owner/environ" | grep -qx 'OMP_WAIT_POLICY=PASSIVE' || fail "the window's process $owner runs without OMP_WAIT_POLICY=PASSIVE"
  [ "$owner" != "$APP_PID" ] || fail "the window's process is the launcher itself: no relaunch happened"
else
  step "(the window names no process: its policy is checked by doctor above only)"
fi

# Closing the launcher (what the desktop does on logout) must not leave the app running.
kill "$APP_PID"
for _ in $(seq 1 40); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.25; done
if [ -n "$owner" ]; then
  # SIGTERM runs the app's shutdown hooks; on a loaded CI machine that takes seconds.
  for _ in $(seq 1 120); do kill -0 "$owner" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$owner" 2>/dev/null; then fail "the app (pid $owner) outlived its launcher"; fi
fi
APP_PID=""
step "OK: --help, doctor --json (PASSIVE), window (screenshot $OUT/window.png)"
