package br.lncc.llm.lesson.ch07;

import br.lncc.llm.train.AdaptedWeights;
import br.lncc.llm.train.LoraAdapters;
import br.lncc.llm.train.LoraConfig;
import java.util.List;

/**
 * LoRA adapters as the Cap. 7 pages show them — the ones a run just trained or the ones read
 * from a PEFT folder: their configuration and, per module, ΔW = (α/r)·BA with its singular values
 * (at most r of them are non-zero: Cap. 7.3.3's low rank, visible). A view of adapters someone
 * else owns; it holds no memory of its own.
 */
public final class AdapterSet {
    private final LoraAdapters adapters;

    AdapterSet(LoraAdapters adapters) {
        this.adapters = adapters;
    }

    /**
     * PEFT's LoraConfig and what it produced.
     *
     * @param layersToTransform the blocks adapted, null for every block (PEFT's None)
     */
    public record Config(int r, double alpha, double scaling, List<String> targetModules, List<Integer> layersToTransform,
            int adapterCount, long parameterCount) {}

    /** One module's update: (rows, cols) = (out, in), {@code values} row-major. */
    public record DeltaW(String module, int rows, int cols, int r, float[] values, double[] singularValues) {}

    public Config config() {
        LoraConfig c = adapters.config();
        return new Config(c.r(), c.alpha(), c.scaling(), c.targetModules(), c.layersToTransform(), adapters.adapters().size(),
                adapters.parameterCount());
    }

    /** The adapted modules ("h.0.attn.c_attn", …), in the adapters' order. */
    public List<String> modules() {
        return List.copyOf(adapters.adapters().keySet());
    }

    public DeltaW deltaW(String module) {
        var a = adapters.adapters().get(module);
        if (a == null) throw new IllegalArgumentException("no adapter on " + module);
        return new DeltaW(module, a.out(), a.in(), adapters.config().r(), adapters.deltaW(module),
                AdaptedWeights.singularValues(adapters, module));
    }
}
