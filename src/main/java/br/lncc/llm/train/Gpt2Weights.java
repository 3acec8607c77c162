package br.lncc.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.weights.quant.MemoryFootprint;
import br.lncc.llm.weights.quant.QuantFormat;
import br.lncc.llm.weights.quant.QuantizedWeight;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The base weights a training run reads: embeddings, LayerNorms and biases as float32 NDArrays,
 * and the four Conv1D weights of each block either as float32 NDArrays (SFT, LoRA) or in a
 * compact format that is expanded right before each matmul (QLoRA's NF4 base, Cap. 7.3.4).
 *
 * <p>Names are GPT-2's own without the "transformer." prefix. A float32 Conv1D weight stays in
 * its checkpoint layout [in, out] (y = xW + b); a quantized one is stored as Linear's [out, in],
 * the layout bitsandbytes quantizes, so its blocks of 64 run along input features.
 */
public final class Gpt2Weights implements AutoCloseable {
    private final Gpt2.Config config;
    private final NDManager manager;
    private final boolean ownsManager;
    private final Map<String, NDArray> dense;
    private final Map<String, QuantizedWeight> quantized;
    /** Released on close when these weights are a view over a shared (leased) model; else null. */
    private final AutoCloseable lease;

    private Gpt2Weights(Gpt2.Config config, NDManager manager, boolean ownsManager, Map<String, NDArray> dense,
            Map<String, QuantizedWeight> quantized) {
        this(config, manager, ownsManager, dense, quantized, null);
    }

    private Gpt2Weights(Gpt2.Config config, NDManager manager, boolean ownsManager, Map<String, NDArray> dense,
            Map<String, QuantizedWeight> quantized, AutoCloseable lease) {
        this.config = config;
        this.manager = manager;
        this.ownsManager = ownsManager;
        this.dense = dense;
        this.quantized = quantized;
        this.lease = lease;
    }

    /**
     * A frozen base shared with other holders: {@code model}'s float32 arrays, with {@code lease}
     * closed when these weights close. Only for methods that never write the base (LoRA, Cap. 7.3).
     */
    public static Gpt2Weights borrowing(Gpt2 model, AutoCloseable lease) {
        return new Gpt2Weights(model.config(), model.manager(), false, model.parameters(), Map.of(), lease);
    }

    /**
     * A view over {@code shared} (e.g. a leased NF4 base, QLoRA): same arrays and blocks, its own
     * per-step expansion, {@code lease} closed when the view closes.
     */
    public static Gpt2Weights borrowing(Gpt2Weights shared, AutoCloseable lease) {
        return new Gpt2Weights(shared.config, shared.manager, false, shared.dense, shared.quantized, lease);
    }

    /** The model's own float32 arrays (shared: SFT changes them in place). */
    public static Gpt2Weights of(Gpt2 model) {
        return new Gpt2Weights(model.config(), model.manager(), false, model.parameters(), Map.of());
    }

    /** The model's own float32 arrays; closing these weights closes the model. */
    public static Gpt2Weights owning(Gpt2 model) {
        return new Gpt2Weights(model.config(), model.manager(), true, model.parameters(), Map.of());
    }

    /** {@code tensors} as the weights, owned elsewhere (e.g. a pre-training step's views of its flat buffers). */
    static Gpt2Weights over(Gpt2.Config config, NDManager manager, Map<String, NDArray> tensors) {
        return new Gpt2Weights(config, manager, false, tensors, Map.of());
    }

    /** A copy of {@code model} whose Conv1D weights are held in {@code format} (e.g. NF4). */
    public static Gpt2Weights quantize(Gpt2 model, QuantFormat format) {
        return build(model.config(), name -> model.parameters().get(name).toFloatArray(), format);
    }

    /** A copy of float32 {@code source} whose Conv1D weights are held in {@code format}. */
    public static Gpt2Weights quantize(Gpt2Weights source, QuantFormat format) {
        return build(source.config(), name -> source.tensor(name).toFloatArray(), format);
    }

    /** Reads a GPT-2 folder straight into {@code format}: no float32 copy of the Conv1D weights is kept. */
    public static Gpt2Weights load(Path folder, QuantFormat format) {
        var config = Gpt2.Config.fromJson(Checkpoint.readConfig(folder));
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            return build(config, name -> ckpt.readFloats(ckpt.contains(name) ? name : "transformer." + name), format);
        }
    }

    private static Gpt2Weights build(Gpt2.Config config, Function<String, float[]> read, QuantFormat format) {
        NDManager manager = NDManager.newBaseManager();
        try {
            Map<String, NDArray> dense = new LinkedHashMap<>();
            Map<String, QuantizedWeight> quantized = new LinkedHashMap<>();
            for (var e : config.tensorShapes().entrySet()) {
                String name = e.getKey();
                long[] shape = e.getValue();
                float[] values = read.apply(name);
                if (shape.length == 2 && isConv1dWeight(name) && (format != QuantFormat.FP32)) {
                    int in = (int) shape[0], out = (int) shape[1];
                    quantized.put(name, format.quantize(transpose(values, in, out), out, in));
                } else {
                    NDArray a = manager.create(values, new Shape(shape));
                    a.setName(name);
                    dense.put(name, a);
                }
            }
            return new Gpt2Weights(config, manager, true, Collections.unmodifiableMap(dense),
                    Collections.unmodifiableMap(quantized));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** GPT-2's four Conv1D projections of a block (what quantization packs; Cap. 6.5). */
    public static boolean isConv1dWeight(String name) {
        return name.endsWith("attn.c_attn.weight") || name.endsWith("attn.c_proj.weight")
                || name.endsWith("mlp.c_fc.weight") || name.endsWith("mlp.c_proj.weight");
    }

    /** {@code v} as (rows, cols) row-major, transposed to (cols, rows). */
    public static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }

    public Gpt2.Config config() {
        return config;
    }

    /** The long-lived manager of these weights (parent for adapters and optimizer state). */
    public NDManager manager() {
        return manager;
    }

    /** Float32 tensors by name (what SFT trains). */
    public Map<String, NDArray> dense() {
        return dense;
    }

    /** Conv1D weights held in a compact format, by name ([out, in]). */
    public Map<String, QuantizedWeight> quantized() {
        return quantized;
    }

    public NDArray tensor(String name) {
        NDArray a = dense.get(name);
        if (a == null) throw new TrainingException("train.noTensor", new Object[] {name}, "");
        return a;
    }

    /**
     * y = x·W + b for the Conv1D module {@code module} ("h.0.attn.c_attn"). A quantized weight is
     * dequantized into x's manager (the step's scope), used once and freed with that scope.
     */
    public NDArray conv1d(String module, NDArray x) {
        NDArray bias = tensor(module + ".bias");
        QuantizedWeight q = quantized.get(module + ".weight");
        if (q != null) {
            NDArray expanded = expandedForStep.get(module + ".weight");
            if (expanded == null) expanded = q.dequantize(x.getManager());
            return Linear.linear(x, expanded, bias).singletonOrThrow();
        }
        // DJL's linear over the [in, out] weight's transposed view: a matmul, then the bias added in
        // place (add_) into the product — no second (B, T, out) array allocated and written. (DJL
        // 0.35.1 reaches no addmm, which would fuse the bias into the product as PyTorch's Conv1D does.)
        NDArray weightT = tensor(module + ".weight").transpose();                               // [out, in], a view
        weightT.attach(x.getManager());                                                         // freed with the step, not the weights
        return Linear.linear(x, weightT, bias).singletonOrThrow();
    }

    private Map<String, NDArray> expandedForStep = Map.of();

    /**
     * Expands every quantized weight into {@code scope} before a training step's autograd starts,
     * and uses those copies until {@link #releaseExpanded()}; the compact form stays the only
     * long-lived copy. (Creating them inside the GradientCollector gave NaN gradients.)
     */
    void expandForStep(NDManager scope) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (var e : quantized.entrySet()) m.put(e.getKey(), e.getValue().dequantize(scope));
        expandedForStep = m;
    }

    void releaseExpanded() {
        expandedForStep = Map.of();
    }

    /** Bytes the base occupies: float32 tensors plus every quantized tensor with its constants. */
    public MemoryFootprint footprint() {
        var total = MemoryFootprint.EMPTY;
        for (NDArray a : dense.values()) total = total.plus(new MemoryFootprint(a.size(), 4 * a.size(), 0));
        for (QuantizedWeight q : quantized.values()) total = total.plus(q.footprint());
        return total;
    }

    @Override
    public void close() {
        if (ownsManager) manager.close();
        if (lease != null) {
            try {
                lease.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing the shared base failed", e);
            }
        }
    }
}
