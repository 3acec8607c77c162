package br.lncc.llm.lesson.compress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.Llama;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The matrices of a loaded causal LM that the lab can compress, read from
 * {@link CausalLm#parameters()} by their checkpoint names: the linears of every block (the seed's
 * {@code nn.Linear} modules minus embed_tokens/lm_head), the token embedding and the output head
 * (the same matrix when tied), and every other weight for the all-weights budget.
 *
 * <p>GPT-2 stores its Conv1D weights as [in, out]; a {@link Target} always reads and writes
 * [out, in] (rows = output features), the layout Wanda prunes and groups run along.
 */
public record CompressionTargets(
        String modelName, String architecture, List<Target> linears, Target head, Target embedding, boolean tied,
        Map<String, Long> otherWeights) {

    /** One compressible matrix: {@code out} rows of {@code in} weights. */
    public record Target(String name, LinearRole role, int layer, int out, int in, boolean storedInOut) {
        public long weights() {
            return (long) out * in;
        }

        /** The module's short name for tables ("h.3.mlp.c_fc"). */
        public String module() {
            return name.endsWith(".weight") ? name.substring(0, name.length() - ".weight".length()) : name;
        }
    }

    static final String EXPECTED = "q_proj/k_proj/v_proj/o_proj, gate_proj/up_proj/down_proj, "
            + "attn.c_attn/c_proj, mlp.c_fc/c_proj, self_attn.dense, mlp.fc1/fc2";

    public static CompressionTargets of(CausalLm model) {
        Map<String, NDArray> p = model.parameters();
        String arch = architectureOf(model);
        if (model instanceof Llama l && l.packedFootprint() != null) {
            throw new CompressionException("compress.nf4", "Llama.quantize was called", model.name());
        }
        if (model instanceof Gpt2 g && g.format() != br.lncc.llm.model.kernel.DecodeFormat.FP32) {
            throw new CompressionException("compress.nf4", "Gpt2.quantize was called", model.name());
        }
        boolean conv1d = model instanceof Gpt2;
        List<Target> linears = new ArrayList<>();
        Map<String, Long> others = new LinkedHashMap<>();
        String embedName = p.containsKey("wte.weight") ? "wte.weight" : p.containsKey("embed_tokens.weight") ? "embed_tokens.weight" : null;
        String headName = p.containsKey("lm_head.weight") ? "lm_head.weight" : embedName;
        for (var e : p.entrySet()) {
            String name = e.getKey();
            long[] s = e.getValue().getShape().getShape();
            LinearRole role = s.length == 2 ? LinearRole.of(name) : null;
            if (role != null) {
                boolean inOut = conv1d;
                int out = (int) (inOut ? s[1] : s[0]), in = (int) (inOut ? s[0] : s[1]);
                linears.add(new Target(name, role, layerOf(name), out, in, inOut));
            } else if (!name.equals(embedName) && !name.equals(headName)) {
                others.put(name, e.getValue().size());
            }
        }
        if (linears.isEmpty() || embedName == null) {
            throw new CompressionException("compress.no-linears", "parameters: " + p.keySet(), model.name(), arch, EXPECTED);
        }
        long[] es = p.get(embedName).getShape().getShape();
        Target embedding = new Target(embedName, LinearRole.EMBEDDING, -1, (int) es[0], (int) es[1], false);
        long[] hs = p.get(headName).getShape().getShape();
        Target head = new Target(headName, LinearRole.HEAD, -1, (int) hs[0], (int) hs[1], false);
        return new CompressionTargets(model.name(), arch, List.copyOf(linears), head, embedding, headName.equals(embedName),
                Map.copyOf(others));
    }

    static String architectureOf(CausalLm model) {
        if (model instanceof Llama l) return l.config().hfClass();
        return model.getClass().getSimpleName();
    }

    static int layerOf(String name) {
        String[] parts = name.split("\\.");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("h") || parts[i].equals("layers")) {
                try {
                    return Integer.parseInt(parts[i + 1]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Every weight of the model, each tensor once (a tied head is the embedding). */
    public long totalWeights() {
        long n = embedding.weights() + (tied ? 0 : head.weights());
        for (Target t : linears) n += t.weights();
        for (long w : otherWeights.values()) n += w;
        return n;
    }

    /** Share of all weights that sits in the embedding/head matrices (22% in Gemma-2-2B, per the seed). */
    public double embeddingShare() {
        return (embedding.weights() + (tied ? 0 : head.weights())) / (double) totalWeights();
    }

    /** The matrix as float32 [out, in], row-major. */
    static float[] read(CausalLm model, Target t) {
        float[] v = model.parameters().get(t.name()).toFloatArray();
        return t.storedInOut() ? transpose(v, t.in(), t.out()) : v;
    }

    /** Writes [out, in] values into the model's own array (in place: views such as fused q/k/v see them). */
    static void write(CausalLm model, Target t, float[] outIn) {
        write(model, t, outIn, null);
    }

    /**
     * As {@link #write(CausalLm, Target, float[])} through {@code scratch}, a reused direct buffer
     * at least as large as the tensor (null: a new one). Creating an NDArray from a Java array makes
     * a direct copy that only the garbage collector frees: one per tensor per condition piled up
     * gigabytes on a 0.5B model (#14).
     */
    static void write(CausalLm model, Target t, float[] outIn, java.nio.ByteBuffer scratch) {
        NDArray target = model.parameters().get(t.name());
        float[] stored = t.storedInOut() ? transpose(outIn, t.out(), t.in()) : outIn;
        try (var scope = model.manager().newSubManager()) {
            if (scratch == null) {
                target.set(new NDIndex("..."), scope.create(stored, target.getShape()));
            } else {
                scratch.clear();
                scratch.asFloatBuffer().put(stored);
                scratch.limit(4 * stored.length);
                target.set(new NDIndex("..."), scope.create(scratch.slice().order(java.nio.ByteOrder.nativeOrder()),
                        target.getShape(), ai.djl.ndarray.types.DataType.FLOAT32)); // a direct ByteBuffer: wrapped, not copied
            }
        }
    }

    static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }

    /** Bits each untouched tensor is stored with, by name (32 when unknown). */
    public static ToIntFunction<String> float32() {
        return name -> 32;
    }
}
