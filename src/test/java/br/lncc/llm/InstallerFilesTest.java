package br.lncc.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The installer files jpackage only picks up by name, checked where a rename would silently undo
 * them (issue #20: the launcher's coverage was claimed, then a later change broke it unseen). The
 * app-image itself is started by installer/test-app-image.sh in CI.
 */
class InstallerFilesTest {
    private static final Path INSTALLER = Path.of("installer");

    private static String launcherName() throws IOException {
        var m = Pattern.compile("(?m)^NAME=\"([^\"]+)\"").matcher(Files.readString(INSTALLER.resolve("build-linux.sh")));
        assertTrue(m.find(), "build-linux.sh names its launcher");
        return m.group(1);
    }

    @Test
    void theDebMenuEntrySetsThePolicyAndIsNamedAsJpackageLooksItUp() throws IOException {
        // jpackage --resource-dir takes "<launcher name>.desktop"; any other name falls back to its
        // default entry (no OMP_WAIT_POLICY) without a word.
        Path desktop = INSTALLER.resolve("linux").resolve(launcherName() + ".desktop");
        assertTrue(Files.exists(desktop), desktop.toString());
        assertTrue(Files.readAllLines(desktop).contains("Exec=env OMP_WAIT_POLICY=PASSIVE APPLICATION_LAUNCHER"));
        assertTrue(Files.readString(INSTALLER.resolve("build-linux.sh")).contains("--resource-dir installer/linux"));
        for (String script : List.of("postinst", "prerm")) {
            String text = Files.readString(INSTALLER.resolve("linux").resolve(script));
            assertTrue(text.contains("DESKTOP_COMMANDS_"), script + " keeps jpackage's placeholder");
        }
    }

    @Test
    void everyBuildScriptTakesItsJvmOptionsFromTheOneList() throws IOException {
        List<String> options = Files.readAllLines(INSTALLER.resolve("java-options")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(options.contains("-Dai.djl.offline=true"), options.toString());
        options.forEach(o -> assertFalse(o.contains(" "), "one token per line: " + o));
        for (String script : List.of("build-linux.sh", "build-macos.sh", "build-windows.ps1")) {
            String text = Files.readString(INSTALLER.resolve(script));
            assertTrue(text.replace('\\', '/').contains("installer/java-options"), script + " reads installer/java-options");
            assertEquals(-1, text.indexOf("\"--java-options\", \"-"), script + " hard-codes a JVM option");
            assertEquals(-1, text.indexOf("--java-options \"-"), script + " hard-codes a JVM option");
        }
        assertTrue(Files.readString(Path.of(".ci", "run")).contains("installer/test-app-image.sh"), "CI starts the app-image");
    }
}
