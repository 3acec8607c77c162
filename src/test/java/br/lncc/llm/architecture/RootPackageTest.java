package br.lncc.llm.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the root package keeps only {@code Main}; everything else lives in the package that says
 * what it is (platform: the machine and the process; text: messages; stats: the statistics bench and
 * lesson share).
 */
class RootPackageTest {

    @Test
    void theRootPackageHoldsOnlyMain() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/br/lncc/llm"))) {
            assertEquals(List.of("Main.java"), files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void statisticsSitBelowBenchAndLesson() {
        assertEquals(false, Files.exists(Path.of("src/main/java/br/lncc/llm/bench/stats")), "bench.stats moved to stats");
        assertEquals(true, Files.isDirectory(Path.of("src/main/java/br/lncc/llm/stats")));
    }
}
