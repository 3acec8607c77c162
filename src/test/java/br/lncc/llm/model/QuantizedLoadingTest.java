package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import br.lncc.llm.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a checkpoint (Llama family, GPT-2) straight into NF4 (issue 17): peak memory near the packed size, not the float32 size. */
class QuantizedLoadingTest {

    /**
     * A 91 MB (float32) random checkpoint loads into NF4 in a child JVM whose resident memory
     * grows by at most the packed model + 2 × its largest tensor + the child's heap limit; loading
     * it float32 first and quantizing afterwards (the old way) grows past that bound.
     */
    @Test
    void loadingStraightIntoNf4PeaksNearThePackedSize(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "peak RSS is read from Linux's /proc");
        int hidden = 512, inter = 2048, layers = 6, vocab = 512;
        assertStraightLoadPeaksNearThePackedSize(dir, "Qwen2", 4L * inter * hidden, writeCheckpoint(dir, hidden, inter, layers, vocab));
    }

    /**
     * The same bound for a GPT-2-shaped random checkpoint (76 MB of float32 projections, stored
     * [in, out] as Conv1D): each projection is transposed and packed on its own.
     */
    @Test
    void gpt2LoadingStraightIntoNf4PeaksNearThePackedSize(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "peak RSS is read from Linux's /proc");
        Gpt2.Config config = new Gpt2.Config(512, 128, 512, 6, 8, 2048, 1e-5f, 0);
        assertStraightLoadPeaksNearThePackedSize(dir, "GPT-2", 4L * config.nEmbd() * config.nInner(), writeGpt2Checkpoint(dir, config));
    }

    /** Straight into NF4 stays within packed + 2 × largest tensor + heap limit; float32-then-quantize does not. */
    private static void assertStraightLoadPeaksNearThePackedSize(Path dir, String family, long largest, long fp32Projections)
            throws Exception {
        int heapMb = 48;
        long[] straight = probe(dir, "straight", heapMb);
        long growth = 1024 * (straight[1] - straight[0]);
        long packed = straight[2];
        long bound = packed + 2 * largest + (heapMb << 20);
        assertTrue(growth <= bound, family + ": straight load grew " + growth / 1e6 + " MB; bound " + bound / 1e6 + " MB (packed "
                + packed / 1e6 + " MB, fp32 projections " + fp32Projections / 1e6 + " MB)");
        long[] after = probe(dir, "after", heapMb);
        long afterGrowth = 1024 * (after[1] - after[0]);
        System.out.printf("%s peak RSS growth while loading: straight into nf4 %.1f MB, float32 then quantize %.1f MB; "
                + "packed %.1f MB, float32 projections %.1f MB, bound %.1f MB%n", family, growth / 1e6, afterGrowth / 1e6,
                packed / 1e6, fp32Projections / 1e6, bound / 1e6);
        assertTrue(afterGrowth > bound, family + ": float32-then-quantize grew only " + afterGrowth / 1e6 + " MB, within the bound "
                + bound / 1e6 + " MB: the test would not tell the two ways apart");
    }

    /** GPT-2 with random weights in Hugging Face's layout; returns the float32 bytes of its projections. */
    private static long writeGpt2Checkpoint(Path dir, Gpt2.Config c) throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": %d, "n_head": %d,
                 "n_layer": %d, "n_inner": %d, "n_positions": %d, "vocab_size": %d, "layer_norm_epsilon": 1e-05,
                 "eos_token_id": 0}
                """.formatted(c.nEmbd(), c.nHead(), c.nLayer(), c.nInner(), c.nPositions(), c.vocabSize()));
        Map<String, long[]> shapes = c.tensorShapes();
        long projections = 0;
        Random r = new Random(17);
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve("model.safetensors"), shapes, Map.of("format", "pt"))) {
            for (var e : shapes.entrySet()) {
                long[] shape = e.getValue();
                float[] v = new float[(int) (shape.length == 1 ? shape[0] : shape[0] * shape[1])];
                boolean norm = e.getKey().contains("ln_") && e.getKey().endsWith(".weight");
                for (int i = 0; i < v.length; i++) v[i] = norm ? 1f : (float) (0.02 * r.nextGaussian());
                if (e.getKey().startsWith("h.") && shape.length == 2) projections += 4L * v.length;
                w.write(e.getKey(), v);
            }
        }
        return projections;
    }

    private static long[] probe(Path folder, String mode, int heapMb) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Direct memory (float32 tensors handed to libtorch) defaults to the heap limit: the float32
        // GPT-2 of the "after" mode holds more than that at once. RSS counts it either way.
        Process p = new ProcessBuilder(java, "-Xmx" + heapMb + "m", "-XX:MaxDirectMemorySize=1g", "-XX:+UseSerialGC", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), QuantizedLoadProbe.class.getName(), folder.toString(), "nf4", mode)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String[] last = out.strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        return new long[] {Long.parseLong(last[0]), Long.parseLong(last[1]), Long.parseLong(last[2])};
    }

    /** A tied Qwen2-style checkpoint with random weights; returns the float32 bytes of its projections. */
    private static long writeCheckpoint(Path dir, int hidden, int inter, int layers, int vocab) throws IOException {
        int heads = 8, kvHeads = 2, headDim = hidden / heads;
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": %d,
                 "intermediate_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d,
                 "num_key_value_heads": %d, "hidden_act": "silu", "max_position_embeddings": 256,
                 "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "tie_word_embeddings": true,
                 "vocab_size": %d, "eos_token_id": 1, "torch_dtype": "float32"}
                """.formatted(hidden, inter, layers, heads, kvHeads, vocab));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new long[] {vocab, hidden});
        long projections = 0;
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            shapes.put(p + "input_layernorm.weight", new long[] {hidden});
            shapes.put(p + "post_attention_layernorm.weight", new long[] {hidden});
            shapes.put(p + "self_attn.q_proj.weight", new long[] {hidden, hidden});
            shapes.put(p + "self_attn.q_proj.bias", new long[] {hidden});
            shapes.put(p + "self_attn.k_proj.weight", new long[] {kvHeads * headDim, hidden});
            shapes.put(p + "self_attn.k_proj.bias", new long[] {kvHeads * headDim});
            shapes.put(p + "self_attn.v_proj.weight", new long[] {kvHeads * headDim, hidden});
            shapes.put(p + "self_attn.v_proj.bias", new long[] {kvHeads * headDim});
            shapes.put(p + "self_attn.o_proj.weight", new long[] {hidden, hidden});
            shapes.put(p + "mlp.gate_proj.weight", new long[] {inter, hidden});
            shapes.put(p + "mlp.up_proj.weight", new long[] {inter, hidden});
            shapes.put(p + "mlp.down_proj.weight", new long[] {hidden, inter});
            projections += 4L * hidden * (2L * hidden + 2L * kvHeads * headDim + 3L * inter);
        }
        shapes.put("model.norm.weight", new long[] {hidden});
        Random r = new Random(17);
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve("model.safetensors"), shapes, Map.of("format", "pt"))) {
            for (var e : shapes.entrySet()) {
                long n = 1;
                for (long d : e.getValue()) n *= d;
                float[] v = new float[(int) n];
                boolean norm = e.getKey().endsWith("layernorm.weight") || e.getKey().equals("model.norm.weight");
                for (int i = 0; i < v.length; i++) v[i] = norm ? 1f : (float) (0.02 * r.nextGaussian());
                w.write(e.getKey(), v);
            }
        }
        return projections;
    }
}
