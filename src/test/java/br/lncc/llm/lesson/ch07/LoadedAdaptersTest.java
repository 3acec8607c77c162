package br.lncc.llm.lesson.ch07;

import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.LoraConfig;
import br.lncc.llm.train.PeftAdapterFiles;
import br.lncc.llm.train.SftDataset;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.train.TrainingRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.quant.QuantFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adapters trained here go back onto the base they were trained on and answer as the trained model did. */
class LoadedAdaptersTest {

    @Test
    void qloraAdaptersReloadOverTheNf4BaseAndAnswerAsTrained(@TempDir Path dir) throws Exception {
        var source = new LabModelSource.Tiny(42);
        var data = SftDataset.tokenize(SftDataset.bookRows(), source.codec(), 256, source.config().eosTokenId());
        var lora = new LoraConfig(4, 8, 0, List.of("c_attn", "mlp.c_proj"), List.of(0));
        String trained;
        try (var w = source.open(QuantFormat.NF4);
                var run = new TrainingRun(w, new TrainingRun.Settings(TrainingMethod.QLORA, 3, 1, 1e-2, false, 0, 0, lora, 7));
                var adapters = run.adapters()) {
            run.run(data, ProgressSink.NONE, null);
            trained = run.generate(source.codec(), SftDataset.REFERENCE_PROMPT, 4);
            PeftAdapterFiles.save(adapters, dir, source.name());
            PeftAdapterFiles.saveNote(dir, new PeftAdapterFiles.TrainingNote(TrainingMethod.QLORA, 3, run.history().get(2).loss()));
        }
        try (var loaded = LoadedAdapters.load(source, dir, SftDataset.REFERENCE_PROMPT, 4, ProgressSink.NONE)) {
            assertFalse(loaded.weights().quantized().isEmpty(), "QLoRA adapters go back onto the NF4 base");
            assertEquals(trained, loaded.adaptedOutput());
            assertEquals(TrainingMethod.QLORA, loaded.note().orElseThrow().method());
            assertEquals(List.of("h.0.attn.c_attn", "h.0.mlp.c_proj"), List.copyOf(loaded.adapters().adapters().keySet()));
        }
        // Without our note (adapters made by PEFT itself) the float32 base is used.
        Files.delete(dir.resolve(PeftAdapterFiles.TRAINING_NOTE));
        try (var loaded = LoadedAdapters.load(source, dir, SftDataset.REFERENCE_PROMPT, 2, ProgressSink.NONE)) {
            assertTrue(loaded.weights().quantized().isEmpty());
            assertTrue(loaded.note().isEmpty());
        }
        var e = assertThrows(TrainingException.class,
                () -> LoadedAdapters.load(source, dir.resolve("missing"), SftDataset.REFERENCE_PROMPT, 2, ProgressSink.NONE));
        assertTrue(e.getMessage().contains("formato PEFT"), e.getMessage());
    }
}
