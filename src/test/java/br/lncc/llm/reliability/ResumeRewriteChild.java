package br.lncc.llm.reliability;

import br.lncc.llm.bench.JsonlLog;
import java.nio.file.Path;

/** Child process of {@link ResultsLogTest}: says "go", then opens a log to resume (and repairs it). */
public final class ResumeRewriteChild {
    private ResumeRewriteChild() {}

    public static void main(String[] args) {
        System.out.println("go");
        System.out.flush();
        try (JsonlLog log = JsonlLog.open(Path.of(args[0]), true)) {
            log.append(java.util.Map.of("index", -1, "note", "appended after repair"));
        }
        System.out.println("done");
    }
}
