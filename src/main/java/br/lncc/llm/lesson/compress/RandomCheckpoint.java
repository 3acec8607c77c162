package br.lncc.llm.lesson.compress;

import br.lncc.llm.model.KnownConfigs;
import br.lncc.llm.model.LlamaConfig;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.SafetensorsWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Hugging Face folder with the shape of a real Llama-family checkpoint the course uses (e.g.
 * Qwen2.5-0.5B: 24 layers, 896 wide, a 151,936-token tied embedding), seeded N(0, 0.02) weights
 * stored in BF16 as the real one ships, RMSNorm weights 1, biases 0, and the tiny Qwen2's
 * byte-level tokenizer (its ids are a subset of the vocabulary). It exists to measure the
 * compression lab's time and memory on a 0.5B model without downloading one (issue #14's
 * budget: about 2× the fp32 size). Written tensor by tensor, in slices of rows: never whole in memory.
 */
public final class RandomCheckpoint {
    private RandomCheckpoint() {}

    /** Rows generated and written at a time (the embedding's 151,936 × 896 would be 545 MB as one float[]). */
    private static final int SLICE_ELEMENTS = 1 << 22;

    /**
     * Writes {@code config.json}, {@code tokenizer.json}, {@code tokenizer_config.json} and
     * {@code model.safetensors} of {@code shape} ({@link KnownConfigs#NAMES}) into {@code dir}.
     */
    public static Path write(String shape, Path dir, long seed, ProgressSink progress) {
        return write((ObjectNode) KnownConfigs.read(shape), dir, seed, progress);
    }

    /** As {@link #write(String, Path, long, ProgressSink)} for any Llama-family {@code config} (tests use small ones). */
    public static Path write(ObjectNode config, Path dir, long seed, ProgressSink progress) {
        LlamaConfig c = LlamaConfig.fromJson(config);
        try {
            Files.createDirectories(dir);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
            for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                try (InputStream in = br.lncc.llm.lesson.TinyQwen2.class.getResourceAsStream("tiny-qwen2/" + f)) {
                    if (in == null) throw new IllegalStateException("missing resource tiny-qwen2/" + f);
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, long[]> shapes = shapes(c);
        long total = shapes.values().stream().mapToLong(RandomCheckpoint::count).sum();
        long done = 0;
        var random = new SplittableRandom(seed);
        try (var out = SafetensorsWriter.create(dir.resolve("model.safetensors"), shapes, Map.of("format", "pt"),
                SafetensorsWriter.DType.BF16)) {
            for (var e : shapes.entrySet()) {
                String name = e.getKey();
                long n = count(e.getValue());
                float fill = name.endsWith("norm.weight") ? 1f : name.endsWith(".bias") ? 0f : Float.NaN;
                for (long first = 0; first < n; first += SLICE_ELEMENTS) {
                    progress.checkCancelled();
                    float[] slice = new float[(int) Math.min(SLICE_ELEMENTS, n - first)];
                    for (int i = 0; i < slice.length; i++) slice[i] = Float.isNaN(fill) ? (float) (0.02 * gaussian(random)) : fill;
                    out.write(name, first, slice);
                    done += slice.length;
                    progress.update(done, total, name);
                }
            }
        }
        return dir;
    }

    /** The checkpoint's tensor names and shapes, in Hugging Face's order. */
    static Map<String, long[]> shapes(LlamaConfig c) {
        long h = c.hiddenSize(), q = (long) c.numHeads() * c.headDim(), kv = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            s.put(p + "input_layernorm.weight", new long[] {h});
            s.put(p + "self_attn.q_proj.weight", new long[] {q, h});
            s.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
            s.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
            if (c.qkvBias()) {
                s.put(p + "self_attn.q_proj.bias", new long[] {q});
                s.put(p + "self_attn.k_proj.bias", new long[] {kv});
                s.put(p + "self_attn.v_proj.bias", new long[] {kv});
            }
            s.put(p + "self_attn.o_proj.weight", new long[] {h, q});
            if (c.outputBias()) s.put(p + "self_attn.o_proj.bias", new long[] {h});
            s.put(p + "post_attention_layernorm.weight", new long[] {h});
            s.put(p + "mlp.gate_proj.weight", new long[] {inter, h});
            s.put(p + "mlp.up_proj.weight", new long[] {inter, h});
            s.put(p + "mlp.down_proj.weight", new long[] {h, inter});
            if (c.mlpBias()) {
                s.put(p + "mlp.gate_proj.bias", new long[] {inter});
                s.put(p + "mlp.up_proj.bias", new long[] {inter});
                s.put(p + "mlp.down_proj.bias", new long[] {h});
            }
        }
        s.put("model.norm.weight", new long[] {h});
        if (!c.tiedEmbeddings()) s.put("lm_head.weight", new long[] {c.vocabSize(), h});
        return s;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** Box–Muller from the seeded stream (SplittableRandom has no nextGaussian on JDK 17). */
    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
