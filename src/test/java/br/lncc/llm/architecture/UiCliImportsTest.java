package br.lncc.llm.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: views and CLI commands hold no policy — they use {@code lesson}/{@code bench}
 * façades and records, never {@code model} or {@code train} internals for workflows. The
 * references that exist today are listed in {@code architecture/ui-cli-uses-model-train.txt};
 * this test fails on any new one, and on a listed one that is gone (delete its line: the list
 * only shrinks).
 */
class UiCliImportsTest {
    static final Path ALLOWLIST = Path.of("src/test/resources/architecture/ui-cli-uses-model-train.txt");
    private static final Pattern INTERNAL = Pattern.compile(
            "\\bbr\\.lncc\\.llm\\.(model|train)\\.((?:[a-z]\\w*\\.)*(?:[A-Z]\\w*|\\*))");

    /** "ui/ch04/LabModel.java -> model.CausalLm" for every reference from ui or cli into model or train. */
    static TreeSet<String> references() {
        var found = new TreeSet<String>();
        for (JavaSource s : JavaSource.all()) {
            if (!s.topPackage().equals("ui") && !s.topPackage().equals("cli")) continue;
            var m = INTERNAL.matcher(s.code());
            String file = s.relative().substring("br/lncc/llm/".length());
            while (m.find()) {
                // Catching a layer's exception is not a workflow.
                if (!m.group(2).endsWith("Exception")) found.add(file + " -> " + m.group(1) + "." + m.group(2));
            }
        }
        return found;
    }

    @Test
    void uiAndCliReachModelAndTrainOnlyThroughTheListedLegacyReferences() throws IOException {
        var allowed = new TreeSet<String>();
        for (String line : Files.readAllLines(ALLOWLIST)) {
            if (!line.isBlank() && !line.startsWith("#")) allowed.add(line.trim());
        }
        var found = references();
        var added = new TreeSet<>(found);
        added.removeAll(allowed);
        var gone = new TreeSet<>(allowed);
        gone.removeAll(found);
        assertEquals(List.of(), List.copyOf(added),
                "new references from ui/cli into model/train: put the workflow in a lesson façade (or a record it returns)");
        assertEquals(List.of(), List.copyOf(gone), "references that are gone: delete these lines from " + ALLOWLIST);
    }
}
