package br.lncc.llm.lesson.ch07;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Messages;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cap. 7.5–7.11's workflow without the page: plan, bases, before/after, kept adapters. */
class TrainingLabTest {
    private static final LabModelSource TINY = new LabModelSource.Tiny(42);

    @Test
    void theTinyRandomModelStartsFromLargerStepsThanTheBooksSettings() {
        var tiny = TrainingLab.defaults(TINY).schedule();
        var course = TrainingLab.defaults(new LabModelSource.Course()).schedule();
        assertEquals(12, tiny.steps());
        assertEquals(3e-3, tiny.lrSft());
        assertEquals(5, course.steps());
        assertEquals(5e-5, course.lrSft());
        assertEquals(2e-4, course.lrLora());
        assertEquals(0.1, course.modelDropout());
        // LoRA's book placement (Cap. 7.10: c_attn and c_proj), every block.
        assertEquals(List.of("attn.c_attn", "attn.c_proj", "mlp.c_proj"), TrainingLab.defaults(TINY).placement().modules());
        assertNull(TrainingLab.defaults(TINY).placement().layers());
    }

    @Test
    void aRunReportsBeforeEachCurveEachResultAndKeepsTheLoraAdaptersWhichSaveAndLoadBack(@TempDir Path dir) {
        var d = TrainingLab.defaults(TINY);
        var schedule = new TrainingLab.Schedule(2, 1, d.schedule().lrSft(), d.schedule().lrLora(), 0.0);
        var request = new TrainingLab.Request(TINY, TrainingLab.bookRows(), EnumSet.of(TrainingMethod.LORA, TrainingMethod.SFT),
                schedule, d.placement(), new TrainingLab.Probe("What is El Niño?", 3));
        List<TrainingLab.Event> events = new ArrayList<>();
        TrainingLab.run(request, ProgressSink.NONE, events::add);

        assertTrue(events.get(0) instanceof TrainingLab.Event.Before, "the answer before training comes first");
        var started = events.stream().filter(e -> e instanceof TrainingLab.Event.Started).map(e -> ((TrainingLab.Event.Started) e).method()).toList();
        assertEquals(List.of(TrainingMethod.SFT, TrainingMethod.LORA), started, "the book's order, whatever the request's");
        assertEquals(4, events.stream().filter(e -> e instanceof TrainingLab.Event.Step).count());
        var results = events.stream().filter(e -> e instanceof TrainingLab.Event.Finished)
                .map(e -> ((TrainingLab.Event.Finished) e).result()).toList();
        assertEquals(100.0, results.get(0).trainablePercent(), 1e-9, "SFT trains every weight");
        assertTrue(results.get(1).trainablePercent() < 10, "LoRA trains a small share: " + results.get(1).trainablePercent());
        assertTrue(Double.isFinite(results.get(1).lastLoss()));
        var kept = events.stream().filter(e -> e instanceof TrainingLab.Event.Kept).map(e -> ((TrainingLab.Event.Kept) e).adapters()).toList();
        assertEquals(1, kept.size(), "only LoRA leaves adapters");
        try (var adapters = kept.get(0)) {
            adapters.save(dir);
        }
        assertTrue(Files.isRegularFile(dir.resolve("adapter_config.json")));
        var load = TrainingLab.loadAdapters(TINY, dir, new TrainingLab.Probe("What is El Niño?", 3), ProgressSink.NONE);
        assertNull(load.error());
        try (var loaded = load.adapters()) {
            assertFalse(loaded.adapters().adapters().isEmpty());
        }
    }

    @Test
    void aFolderThatIsNotAdaptersComesBackAsAMessageNotAnException(@TempDir Path dir) {
        var load = TrainingLab.loadAdapters(TINY, dir, new TrainingLab.Probe("x", 2), ProgressSink.NONE);
        assertNull(load.adapters());
        assertFalse(Messages.render(Messages.ENGLISH, load.error()).isBlank());
    }

    @Test
    void badRequestsAreRefusedInTheStudentsLanguageBeforeAnythingLoads() {
        var d = TrainingLab.defaults(TINY);
        var noMethod = assertThrows(TrainingException.class, () -> new TrainingLab.Request(TINY, List.of("a"), Set.of(),
                d.schedule(), d.placement(), d.probe()));
        assertEquals("choose at least one method", noMethod.message(Messages.ENGLISH));
        var noRows = assertThrows(TrainingException.class, () -> new TrainingLab.Request(TINY, List.of(" ", ""),
                Set.of(TrainingMethod.SFT), d.schedule(), null, d.probe()));
        assertEquals("o conjunto de treino está vazio", noRows.getMessage());
        assertThrows(TrainingException.class, () -> new TrainingLab.Placement(8, 16, 0, List.of(), null));
        var badSteps = new TrainingLab.Request(TINY, List.of("a"), Set.of(TrainingMethod.SFT),
                new TrainingLab.Schedule(0, 1, 1e-3, 1e-3, 0), null, d.probe());
        assertThrows(TrainingException.class, badSteps::plan);
    }

    @Test
    void thePeftPreviewSaysWhereTheAdaptersSit() {
        var p = TrainingLab.preview(TINY, new TrainingLab.Placement(8, 16, 0.05, List.of("attn.c_attn", "mlp.c_fc"), List.of(0)));
        assertEquals("[0]", p.layersToTransform());
        assertEquals(2, p.targetedModules(), "two module kinds in one block");
        assertTrue(p.peftLine().startsWith("trainable params:"), p.peftLine());
    }
}
