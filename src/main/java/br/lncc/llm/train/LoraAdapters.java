package br.lncc.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import br.lncc.llm.model.Gpt2;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The LoRA matrices of every targeted module, as PEFT builds them for GPT-2's Conv1D layers:
 * lora_A is [r, in] with Kaiming-uniform values (bound 1/√in, PEFT's kaiming_uniform_(a=√5)),
 * lora_B is [out, r] of zeros, so training starts exactly at the base model (ΔW = BA = 0).
 * The update added to a module's output is dropout(x)·Aᵀ·Bᵀ·(α/r).
 */
public final class LoraAdapters implements AutoCloseable {

    /** One module's pair; A and B live in the adapters' manager. */
    public record Adapter(String module, NDArray a, NDArray b) {
        public int in() {
            return (int) a.getShape().get(1);
        }

        public int out() {
            return (int) b.getShape().get(0);
        }
    }

    private final LoraConfig config;
    private final NDManager manager;
    private final Map<String, Adapter> adapters;

    private LoraAdapters(LoraConfig config, NDManager manager, Map<String, Adapter> adapters) {
        this.config = config;
        this.manager = manager;
        this.adapters = Collections.unmodifiableMap(adapters);
    }

    /** Fresh adapters for every module {@code config} targets, seeded (Java RNG, same on every engine). */
    public static LoraAdapters init(LoraConfig config, Gpt2.Config model, NDManager parent, long seed) {
        NDManager m = parent.newSubManager();
        Random rng = new Random(seed);
        Map<String, Adapter> map = new LinkedHashMap<>();
        for (var e : config.targetedModules(model).entrySet()) {
            int in = e.getValue()[0], out = e.getValue()[1];
            float[] a = new float[config.r() * in];
            double bound = 1.0 / Math.sqrt(in);
            for (int i = 0; i < a.length; i++) a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            map.put(e.getKey(), new Adapter(e.getKey(), m.create(a, new Shape(config.r(), in)), m.zeros(new Shape(out, config.r()))));
        }
        return new LoraAdapters(config, m, map);
    }

    /** Adapters with given values (loaded from a file); shapes are checked by the caller. */
    static LoraAdapters of(LoraConfig config, NDManager parent, Map<String, float[][]> values, Gpt2.Config model) {
        NDManager m = parent.newSubManager();
        Map<String, Adapter> map = new LinkedHashMap<>();
        for (var e : config.targetedModules(model).entrySet()) {
            float[][] ab = values.get(e.getKey());
            int in = e.getValue()[0], out = e.getValue()[1];
            map.put(e.getKey(), new Adapter(e.getKey(), m.create(ab[0], new Shape(config.r(), in)), m.create(ab[1], new Shape(out, config.r()))));
        }
        return new LoraAdapters(config, m, map);
    }

    public LoraConfig config() {
        return config;
    }

    public Map<String, Adapter> adapters() {
        return adapters;
    }

    public void setTrainable(boolean on) {
        for (Adapter a : adapters.values()) {
            a.a().setRequiresGradient(on);
            a.b().setRequiresGradient(on);
        }
    }

    public long parameterCount() {
        long n = 0;
        for (Adapter a : adapters.values()) n += a.a().size() + a.b().size();
        return n;
    }

    /** The output of {@code module} plus its LoRA update; {@code base} is W·x + b. */
    NDArray apply(String module, NDArray x, NDArray base, boolean training) {
        Adapter ad = adapters.get(module);
        if (ad == null) return base;
        NDArray in = config.dropout() > 0 && training ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow() : x;
        NDArray h = Linear.linear(in, ad.a()).singletonOrThrow();              // (B,T,r)
        NDArray delta = Linear.linear(h, ad.b()).singletonOrThrow();           // (B,T,out)
        // A scalar NDArray kept in the step's scope, not mul(Number): see Gpt2Graph.constant.
        return base.add(delta.mul(Gpt2Graph.constant(delta, config.scaling())));
    }

    /** ΔW = (α/r)·BA of one module as [out, in] values (for the heatmap and for merging). */
    public float[] deltaW(String module) {
        Adapter ad = adapters.get(module);
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = ad.a().duplicate();
            a.attach(scope);
            NDArray b = ad.b().duplicate();
            b.attach(scope);
            return b.matMul(a).mul((float) config.scaling()).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
