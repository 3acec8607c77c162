package br.lncc.llm.lesson.ch06;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.train.PretrainingTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The façade the page and `companion pretrain` share: plans, estimates and events are its own records. */
class PretrainLabTest {

    @Test
    void estimateOfTheCourseModelsShapeCountsItsParameters() {
        var est = PretrainLab.estimate(new PretrainLab.Plan("bpe:2048", 4, 6, 192, 128, 650, 16, 1.5e-3, 1337, 50));
        assertEquals(2049, est.vocabSize());
        assertEquals(2_197_824, est.parameters());
        assertEquals(4 * 2_197_824L, est.weightBytes());
        assertTrue(est.totalBytes() > 4 * est.weightBytes(), "weights + gradients + two AdamW moments + activations");
    }

    @Test
    void aRunReportsPreparedThenStepsEvalsAndSamplesAndSavesAFolder(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("gramatica.txt");
        Files.writeString(corpus, PretrainingTest.corpusText(300));
        List<PretrainLab.Event> events = new ArrayList<>();
        var plan = new PretrainLab.Plan("char", 1, 2, 16, 16, 4, 4, 3e-3, 7, 2);
        var r = PretrainLab.run(corpus, plan, dir.resolve("out"), false, "", "", events::add, ProgressSink.NONE);
        assertTrue(r.completed());
        assertEquals(4, r.steps());
        assertInstanceOf(PretrainLab.Event.Prepared.class, events.get(0));
        assertEquals(4, events.stream().filter(e -> e instanceof PretrainLab.Event.Step).count());
        assertTrue(events.stream().anyMatch(e -> e instanceof PretrainLab.Event.Eval));
        assertTrue(events.stream().anyMatch(e -> e instanceof PretrainLab.Event.Sample));
        assertTrue(Files.isRegularFile(dir.resolve("out/model.safetensors")));
        Path copy = PretrainLab.saveCopy(dir.resolve("out"), dir.resolve("copy"));
        for (String f : PretrainLab.MODEL_FILES) assertTrue(Files.isRegularFile(copy.resolve(f)), f);
        assertTrue(!Files.exists(copy.resolve("checkpoint")), "Save copies the model, not the optimizer state");
    }
}
