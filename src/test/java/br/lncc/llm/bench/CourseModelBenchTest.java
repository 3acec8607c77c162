package br.lncc.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.HubException;
import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Benchmark tab's default: the shipped course model, opened by name with no network at all. */
class CourseModelBenchTest {

    @TempDir Path tmp;

    private ModelOpener offlineOpener() {
        // Offline and an empty cache: any attempt to reach the Hub would fail.
        return new ModelOpener(new ModelResolver(new HubClient(new HubConfig(tmp.resolve("hf"), "http://127.0.0.1:9", true,
                Optional.empty()))));
    }

    @Test
    void theCourseModelOpensByNameOfflineAndRunsTheEnergyBenchmark() {
        assertTrue(ModelOpener.isCourseModel(" Course-GPT2-Foca "));
        try (TextCompleter model = offlineOpener().open(ModelOpener.COURSE_MODEL, ProgressSink.NONE)) {
            assertEquals("course-gpt2-foca", model.name());
            var c = model.complete("O comando ls", 4);
            assertTrue(c.outputTokens() > 0 && !c.text().isEmpty(), c.toString());
            var bench = new EnergyBenchmark(EnergyMeter.forThisMachine(65.0, br.lncc.llm.bench.energy.CpuLoadEstimator.Mode.PROCESS),
                    GridIntensity.forCountry("BR"), new EnergyBenchmark.Settings(2, EnergyBenchmark.DEFAULT_TEMPLATE, false));
            var report = bench.run(model, List.of("2 + 2 = ?"), tmp.resolve("out"), false, ProgressSink.NONE);
            assertEquals(1, report.totalQueries());
        }
    }

    @Test
    void aBookModelOfflineSaysWhatToDoInTheApp() {
        var e = assertThrows(HubException.class, () -> offlineOpener().open("gpt2", ProgressSink.NONE));
        String pt = e.message(Messages.PT_BR);
        String en = e.message(Messages.ENGLISH);
        assertTrue(pt.contains("course-gpt2-foca") && pt.contains("Arquivo ▸ Modelos"), pt);
        assertTrue(en.contains("course-gpt2-foca") && en.contains("File ▸ Models"), en);
        assertFalse(pt.contains("HF_HUB_OFFLINE=1"), pt);
    }
}
