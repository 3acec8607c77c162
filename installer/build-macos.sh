#!/usr/bin/env bash
# Builds the macOS app bundle and .dmg with jpackage. Run on an Apple-silicon Mac (arm64) with
# JDK 17 and Maven. PyTorch 2.7 ships no Intel-Mac natives, so only arm64 is supported.
# Cannot be built on Linux: jpackage only makes installers for the OS it runs on.
#
#   installer/build-macos.sh [--skip-dmg]
#
# Maven's native-mac-arm profile (pom.xml) picks pytorch-native-cpu:osx-aarch64 and the OpenJFX
# "mac-aarch64" jars automatically. Unsigned by default; to sign, add
#   --mac-sign --mac-signing-key-user-name "Developer ID Application: …"
# and notarize the .dmg with `xcrun notarytool` before distributing.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME="LLM-Course-Companion"
VERSION="$(sed -n 's:.*<version>\([0-9][0-9.]*\)</version>.*:\1:p' pom.xml | head -1)"
OUT=target/installer
INPUT="$OUT/input"

if [ ! -f target/companion.jar ] || [ ! -d target/lib ]; then
  mvn -B -q package -DskipTests
fi

rm -rf "$OUT"
mkdir -p "$INPUT/lib"
cp target/companion.jar "$INPUT/"
for jar in target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*) ;;
    *) cp "$jar" "$INPUT/lib/" ;;
  esac
done
FX_PATH="$(ls target/lib/javafx-*-mac*.jar | paste -sd: -)"
MODULES="java.se,jdk.unsupported,jdk.crypto.ec,jdk.localedata,jdk.zipfs,jdk.charsets,jdk.management"
MODULES="$MODULES,javafx.base,javafx.graphics,javafx.controls,javafx.swing"

# JVM options: installer/java-options, one per line, shared with the Linux and Windows scripts.
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
  --mac-package-identifier br.lncc.llm.companion
  --mac-package-name "LLM Companion"
  --dest "$OUT"
)

jpackage --type app-image "${COMMON[@]}"
if [ "${1:-}" != "--skip-dmg" ]; then
  jpackage --type dmg "${COMMON[@]}"
fi
ls -la "$OUT"
