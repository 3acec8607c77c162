package br.lncc.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Benchmarks stop where Hugging Face's generate would: on generation_config.json's eos ids too. */
class CheckpointStopIdsTest {
    static final Path QWEN = Path.of("src/test/resources/fixtures/qwen2-tiny");

    @Test
    void aCompletionEndsAtAnEosIdListedOnlyInGenerationConfig(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("qwen2-tiny");
        copyFolder(QWEN, copy);
        Files.delete(copy.resolve("generation_config.json"));
        long first;
        try (TextCompleter free = ModelOpener.standard().open(copy.toString(), ProgressSink.NONE)) {
            var c = free.complete("the model", 6);
            assertEquals(6, c.outputTokens(), "without the file nothing stops the greedy run early: " + c);
            first = firstGreedyId(copy, "the model");
        }
        Files.writeString(copy.resolve("generation_config.json"), "{\"eos_token_id\": [" + first + ", 256]}");
        assertEquals(List.of(first, 256L), ModelOpener.checkpointStopIds(copy));
        try (TextCompleter stopping = ModelOpener.standard().open(copy.toString(), ProgressSink.NONE)) {
            var c = stopping.complete("the model", 6);
            assertEquals(1, c.outputTokens(), "the first token is an end id now: " + c);
            assertEquals("", c.text(), "the end id is not text (skip_special_tokens)");
        }
    }

    @Test
    void aDamagedGenerationConfigStopsNothingExtra(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("generation_config.json"), "{ not json");
        assertTrue(ModelOpener.checkpointStopIds(dir).isEmpty());
    }

    private static long firstGreedyId(Path folder, String prompt) {
        try (var opened = br.lncc.llm.model.CausalLms.loadWithTokenizer(folder)) {
            long[] ids = opened.tokenizer().encode(prompt, false).ids();
            var g = new br.lncc.llm.generate.Generator(opened.model()).generate(ids,
                    br.lncc.llm.generate.GenerationSettings.greedy(1).withStopAtEos(false),
                    br.lncc.llm.generate.Generator.TokenListener.NONE, ProgressSink.NONE);
            return g.newIds()[0];
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
