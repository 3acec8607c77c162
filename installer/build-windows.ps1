# Builds the Windows installer (.msi) and app-image with jpackage. Run on Windows x64 with
# JDK 17 (jpackage on PATH), Maven and WiX Toolset 3.x (candle.exe/light.exe on PATH; jpackage
# of JDK 17 does not support WiX 4+). Cannot be built on Linux: jpackage only makes installers
# for the OS it runs on.
#
#   powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1 [-SkipMsi]
#
# Maven's native-windows profile (pom.xml) picks pytorch-native-cpu:win-x86_64 and the OpenJFX
# "win" jars automatically. Output: target\installer\LLM-Course-Companion\ and target\installer\*.msi
param([switch]$SkipMsi)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

$Name = "LLM-Course-Companion"
$Version = ([xml](Get-Content pom.xml)).project.version
$Out = "target\installer"
$InputDir = "$Out\input"

if (-not (Test-Path target\companion.jar) -or -not (Test-Path target\lib)) {
    mvn -B -q package -DskipTests
    if ($LASTEXITCODE -ne 0) { throw "mvn package failed" }
}

if (Test-Path $Out) { Remove-Item -Recurse -Force $Out }
New-Item -ItemType Directory -Force "$InputDir\lib" | Out-Null
Copy-Item target\companion.jar $InputDir
# JavaFX goes on the module path (linked into the runtime); everything else is the class path.
Get-ChildItem target\lib\*.jar | Where-Object { $_.Name -notlike "javafx-*" } | Copy-Item -Destination "$InputDir\lib"
$FxPath = (Get-ChildItem target\lib\javafx-*-win.jar | ForEach-Object { $_.FullName }) -join ";"

$Modules = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.mscapi,jdk.localedata,jdk.zipfs,jdk.charsets,jdk.management," +
           "javafx.base,javafx.graphics,javafx.controls,javafx.swing"

# JVM options: installer\java-options, one per line, shared with the Linux and macOS scripts.
$JavaOptions = @()
foreach ($opt in Get-Content installer\java-options) {
    $opt = $opt.Trim()
    if (-not $opt -or $opt.StartsWith("#")) { continue }
    $JavaOptions += @("--java-options", $opt)
    # A module the JVM is told to add must be in the linked runtime, or the launcher cannot start.
    if ($opt.StartsWith("--add-modules=")) { $Modules += "," + $opt.Substring("--add-modules=".Length) }
}

$Common = @(
    "--name", $Name,
    "--app-version", $Version,
    "--vendor", "LNCC - MC-CD05",
    "--description", "Companheiro do livro Large Language Models: Da Teoria a Pratica (LNCC MC-CD05)",
    "--input", $InputDir,
    "--main-jar", "companion.jar",
    "--main-class", "br.lncc.llm.Main",
    "--module-path", $FxPath,
    "--add-modules", $Modules,
    "--dest", $Out
) + $JavaOptions

jpackage --type app-image @Common
if ($LASTEXITCODE -ne 0) { throw "jpackage app-image failed" }

if (-not $SkipMsi) {
    # --win-console is deliberately absent: the GUI must not open a console window. The CLI is
    # available as "LLM-Course-Companion.exe doctor" etc. from a terminal (output goes to it).
    jpackage --type msi @Common `
        --win-menu --win-menu-group "LNCC" --win-shortcut --win-dir-chooser `
        --win-upgrade-uuid "5b0c3f1e-7d2a-4c1b-9a55-2f6a3d0e8c11"
    if ($LASTEXITCODE -ne 0) { throw "jpackage msi failed" }
}
Get-ChildItem $Out
