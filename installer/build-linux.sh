#!/usr/bin/env bash
# Builds the Linux installers with jpackage (JDK 17): an app-image (a folder you can run in
# place) and a .deb. Usage: installer/build-linux.sh [--skip-deb]
#
# The app is NOT modular (jlink refuses JFreeChart's automatic module), so:
#   - JavaFX's real modular jars (target/lib/javafx-*-linux.jar) go on --module-path and are
#     linked into the bundled runtime (no "unsupported JavaFX configuration" warning);
#   - everything else (our jar, DJL, PyTorch natives, the ~400 MB embedded BERT jar...) is the
#     class path, copied from target/lib as jpackage --input.
# Output: target/installer/LLM-Course-Companion/ (app-image) and target/installer/*.deb.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME="LLM-Course-Companion"
VERSION="$(sed -n 's:.*<version>\([0-9][0-9.]*\)</version>.*:\1:p' pom.xml | head -1)"
OUT=target/installer
INPUT="$OUT/input"

# A jar older than the sources would package yesterday's app (and its bugs): rebuild it then.
if [ ! -f target/companion.jar ] || [ ! -d target/lib ] \
   || [ -n "$(find src/main pom.xml -newer target/companion.jar -type f -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi

rm -rf "$OUT"
mkdir -p "$INPUT/lib"
cp -l target/companion.jar "$INPUT/" 2>/dev/null || cp target/companion.jar "$INPUT/"
# Class path = every runtime jar except JavaFX (module path) and the empty javafx-*.jar stubs.
for jar in target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*) ;;
    # A hard link where it can (same file system): ~540 MB not copied once more before jpackage copies it.
    *) cp -l "$jar" "$INPUT/lib/" 2>/dev/null || cp "$jar" "$INPUT/lib/" ;;
  esac
done
FX_PATH="$(ls target/lib/javafx-*-linux.jar | paste -sd: -)"

# JDK modules the app uses: java.se (desktop, net.http, management, sql for Jackson...),
# jdk.unsupported (JNA/DJL), jdk.crypto.ec (TLS to huggingface.co), jdk.localedata (pt-BR
# number formats), jdk.zipfs (reading the embedded BERT zip), jdk.management (doctor).
MODULES="java.se,jdk.unsupported,jdk.crypto.ec,jdk.localedata,jdk.zipfs,jdk.charsets,jdk.management"
MODULES="$MODULES,javafx.base,javafx.graphics,javafx.controls,javafx.swing"

# JVM options: installer/java-options, one per line, shared with the macOS and Windows scripts.
JAVA_OPTIONS=()
while IFS= read -r opt || [ -n "$opt" ]; do
  case "$opt" in ''|'#'*) continue ;; esac
  JAVA_OPTIONS+=(--java-options "$opt")
  # A module the JVM is told to add must be in the linked runtime, or the launcher cannot start.
  case "$opt" in --add-modules=*) MODULES="$MODULES,${opt#--add-modules=}" ;; esac
done < installer/java-options

COMMON=(
  --name "$NAME"
  --app-version "$VERSION"
  --vendor "LNCC — MC-CD05"
  --description "Companheiro do livro Large Language Models: Da Teoria à Prática (LNCC MC-CD05)"
  --input "$INPUT"
  --main-jar companion.jar
  --main-class br.lncc.llm.Main
  --module-path "$FX_PATH"
  --add-modules "$MODULES"
  "${JAVA_OPTIONS[@]}"
  --icon installer/icon.png
  --dest "$OUT"
)

echo "jpackage: app-image…"
jpackage --type app-image "${COMMON[@]}"
du -sh "$OUT/$NAME"

if [ "${1:-}" != "--skip-deb" ]; then
  echo "jpackage: deb…"
  # dpkg-deb's default xz spends ~40 min on 2 cores squeezing jars that are already zip files
  # (the BERT jar is 400 MB); gzip takes a minute for nearly the same size. dpkg >= 1.21.10.
  export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
  # The .deb is built from the same inputs (jpackage does not accept an app-image as input on Linux
  # with --add-modules), installs to /opt/llm-course-companion and adds a menu entry. That entry is
  # installer/linux/<launcher name>.desktop (jpackage --resource-dir): it sets OMP_WAIT_POLICY=PASSIVE
  # itself, so the app opened from the menu starts without relaunching (br.lncc.llm.platform.PassiveOpenMp).
  # postinst/prerm there are jpackage's, tolerant of a system without a desktop menu (see README).
  jpackage --type deb "${COMMON[@]}" \
    --resource-dir installer/linux \
    --linux-package-name llm-course-companion \
    --linux-package-deps libgtk-3-0 \
    --linux-menu-group Education \
    --linux-shortcut \
    --linux-app-category education
  ls -la "$OUT"/*.deb
fi
echo "Run: $OUT/$NAME/bin/$NAME"
