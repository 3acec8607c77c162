package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 12 (config): integer fields that wrap, hide in strings or are 0 are named, never read wrong. */
class HostileConfigTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private Path copy(String fixture, Consumer<ObjectNode> edit) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(fixture + "-" + System.nanoTime()));
        try (var files = Files.list(FIXTURES.resolve(fixture))) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, dir.resolve(f.getFileName()));
        }
        // A fixture without a tokenizer borrows one: the config is refused before the tokenizer is read.
        if (Files.notExists(dir.resolve("tokenizer.json"))) Files.copy(FIXTURES.resolve("gpt2-tiny/tokenizer.json"), dir.resolve("tokenizer.json"));
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        return dir;
    }

    private static void refused(Path model, String field) {
        Cli.Run r = Cli.run("logits", "--model", model.toString(), "--text", "oi");
        assertEquals(1, r.exit(), r.err());
        assertEquals(1, r.errorLines().size(), r.err());
        assertTrue(r.errorLines().get(0).contains("\"" + field + "\""), r.err());
        assertTrue(!r.err().contains("inesperado") && !r.err().contains("\tat "), r.err());
    }

    @Test
    void aVocabSizeBeyondTheIntRangeIsNotReadAsItsLow32Bits() throws Exception {
        refused(copy("gpt2-tiny", c -> c.put("vocab_size", BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(307)))), "vocab_size");
    }

    @Test
    void integersGivenAsTextOrWithDecimalsAreRefused() throws Exception {
        refused(copy("gpt2-tiny", c -> c.put("n_embd", "64")), "n_embd");
        refused(copy("gpt2-tiny", c -> c.put("n_head", 4.9)), "n_head");
    }

    /**
     * The class, not the examples: every integer field each architecture reads (the optional ones
     * too: head_dim, num_key_value_heads, sliding_window, n_inner, d_kv…) wrapped, quoted or
     * fractional is named. Before, those read with Jackson's asInt() took "16" as 16 and 2^32+16 as 16.
     */
    @Test
    void everyIntegerFieldOfEveryArchitectureIsReadStrictly() throws Exception {
        String[][] fields = {
            {"gpt2-tiny", "n_inner"}, {"llama-tiny-tied", "head_dim"}, {"llama-tiny-tied", "num_key_value_heads"},
            {"llama-tiny-tied", "max_position_embeddings"}, {"qwen2-tiny-sliding", "sliding_window"},
            {"qwen2-tiny-sliding", "max_window_layers"}, {"phi-tiny", "intermediate_size"}, {"phi-tiny", "num_key_value_heads"},
            {"t5-tiny", "d_kv"}, {"t5-tiny", "d_ff"}, {"t5-tiny", "relative_attention_num_buckets"},
        };
        BigInteger wraps = BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(16));
        for (String[] f : fields) {
            refused(copy(f[0], c -> c.put(f[1], "16")), f[1]);
            refused(copy(f[0], c -> c.put(f[1], wraps)), f[1]);
        }
    }

    @Test
    void aZeroNoRopeIntervalIsNamedInsteadOfAnArithmeticException() throws Exception {
        Path model = copy("smollm3-tiny", c -> {
            c.remove("no_rope_layers");
            c.put("no_rope_layer_interval", 0);
        });
        refused(model, "no_rope_layer_interval");
    }
}
