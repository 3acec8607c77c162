package br.lncc.llm.train;

import br.lncc.llm.model.Gpt2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cap. 7.3.3 / 7.10: W' = W + (α/r)·BA on the modules PEFT's {@code check_target_module_exists}
 * selects. A module's key is its full name in GPT2LMHeadModel ("transformer.h.3.attn.c_proj");
 * it is targeted when a target equals the key, or when the key ends with "." + target — so
 * "c_proj" hits both attn.c_proj and mlp.c_proj, while "attn.c_proj" hits only the attention
 * output — and, for a suffix match, when {@code layersToTransform} is null (every block) or
 * holds the block index found in the key (PEFT's default pattern: the number after "h.").
 *
 * @param layersToTransform PEFT's layers_to_transform: block indices, or null for all blocks
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules, List<Integer> layersToTransform) {

    public LoraConfig {
        targetModules = List.copyOf(targetModules);
        if (r < 1) throw new TrainingException("train.lora.rank", new Object[] {r}, "");
        if (!(alpha > 0) || !Double.isFinite(alpha)) throw new TrainingException("train.lora.alpha", new Object[] {String.valueOf(alpha)}, "");
        if (!(dropout >= 0 && dropout < 1)) throw new TrainingException("train.lora.dropout", new Object[] {String.valueOf(dropout)}, "");
        if (targetModules.isEmpty()) throw new TrainingException("train.lora.noTargets", new Object[] {}, "");
        for (String t : targetModules) {
            if (!GPT2_LINEARS.contains(t) && !t.contains(".")) {
                throw new TrainingException("train.lora.unknownTarget", new Object[] {t, String.valueOf(GPT2_LINEARS)}, "");
            }
        }
        if (layersToTransform != null) {
            if (layersToTransform.isEmpty()) throw new TrainingException("train.lora.noLayers", new Object[] {}, "");
            var sorted = new java.util.TreeSet<Integer>();
            for (Integer l : layersToTransform) {
                if (l == null || l < 0) throw new TrainingException("train.lora.negativeLayer", new Object[] {String.valueOf(layersToTransform)}, "");
                sorted.add(l);
            }
            layersToTransform = List.copyOf(sorted);
        }
    }

    /** Every block (layers_to_transform = null). */
    public LoraConfig(int r, double alpha, double dropout, List<String> targetModules) {
        this(r, alpha, dropout, targetModules, null);
    }

    /** The GPT-2 Conv1D names a target may end with (short names match in every place they occur). */
    public static final List<String> GPT2_LINEARS = List.of("c_attn", "c_proj", "c_fc");

    /** GPT-2's four Conv1D modules of a block, as full-path suffixes that match exactly one each. */
    public static final List<String> GPT2_MODULES = List.of("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj");

    /**
     * The shortest target_modules list that selects exactly {@code modules} (a subset of
     * {@link #GPT2_MODULES}) in GPT-2, written as PEFT users write it: both projections become
     * "c_proj" (the book's ["c_attn", "c_proj"]), one alone keeps its path.
     */
    public static List<String> targetsFor(java.util.Collection<String> modules) {
        List<String> out = new ArrayList<>();
        if (modules.contains("attn.c_attn")) out.add("c_attn");
        boolean attnProj = modules.contains("attn.c_proj"), mlpProj = modules.contains("mlp.c_proj");
        if (attnProj && mlpProj) out.add("c_proj");
        else if (attnProj) out.add("attn.c_proj");
        if (modules.contains("mlp.c_fc")) out.add("c_fc");
        if (mlpProj && !attnProj) out.add("mlp.c_proj");
        return out;
    }

    /** Cap. 7.10: r = 8, α = 16, dropout 0.1 on c_attn and c_proj. */
    public static LoraConfig book() {
        return new LoraConfig(8, 16, 0.1, List.of("c_attn", "c_proj"));
    }

    public LoraConfig withLayers(List<Integer> layers) {
        return new LoraConfig(r, alpha, dropout, targetModules, layers);
    }

    public double scaling() {
        return alpha / r;
    }

    private static final Pattern LAYER_INDEX = Pattern.compile(".*\\.[^.]*\\.(\\d+)\\..*");

    /**
     * PEFT's rule for the module {@code moduleName} of our weights ("h.3.attn.c_proj"), whose key
     * in GPT2LMHeadModel carries the "transformer." prefix.
     */
    public boolean targets(String moduleName) {
        String key = "transformer." + moduleName;
        if (targetModules.contains(key)) return true;  // an exact key ignores layers_to_transform, as in PEFT
        boolean found = false;
        for (String t : targetModules) found |= key.endsWith("." + t);
        if (!found || layersToTransform == null) return found;
        Matcher m = LAYER_INDEX.matcher(key);
        return m.matches() && layersToTransform.contains(Integer.parseInt(m.group(1)));
    }

    /**
     * The targeted GPT-2 modules with their (in, out) features, in model order. Conv1D stores
     * W as [in, out]; c_attn is 768 → 2304 in GPT-2 small.
     */
    public Map<String, int[]> targetedModules(Gpt2.Config c) {
        if (layersToTransform != null && layersToTransform.get(layersToTransform.size() - 1) >= c.nLayer()) {
            throw new TrainingException("train.lora.layerMissing", new Object[] {String.valueOf(layersToTransform), c.nLayer(), c.nLayer() - 1}, "");
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int l = 0; l < c.nLayer(); l++) {
            for (var e : gpt2Linears(c, l).entrySet()) {
                if (targets(e.getKey())) out.put(e.getKey(), e.getValue());
            }
        }
        // PEFT refuses a config that matches nothing ("Target modules … not found in the base model").
        if (out.isEmpty()) throw new TrainingException("train.lora.matchesNothing", new Object[] {String.valueOf(targetModules)}, "");
        return out;
    }

    static Map<String, int[]> gpt2Linears(Gpt2.Config c, int layer) {
        Map<String, int[]> m = new LinkedHashMap<>();
        String p = "h." + layer + ".";
        m.put(p + "attn.c_attn", new int[] {c.nEmbd(), 3 * c.nEmbd()});
        m.put(p + "attn.c_proj", new int[] {c.nEmbd(), c.nEmbd()});
        m.put(p + "mlp.c_fc", new int[] {c.nEmbd(), c.nInner()});
        m.put(p + "mlp.c_proj", new int[] {c.nInner(), c.nEmbd()});
        return m;
    }

    /** r·(in + out) per targeted module: lora_A is [r, in], lora_B is [out, r]. */
    public long trainableParameters(Gpt2.Config c) {
        long n = 0;
        for (int[] io : targetedModules(c).values()) n += (long) r * (io[0] + io[1]);
        return n;
    }

    /** PEFT's print_trainable_parameters() for this config on a GPT-2 of config {@code c}. */
    public TrainableSummary summary(Gpt2.Config c) {
        long trainable = trainableParameters(c);
        return new TrainableSummary(trainable, c.uniqueParameters() + trainable);
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "r=%d, lora_alpha=%s, lora_dropout=%s, scaling=α/r=%s", r, fmt(alpha), fmt(dropout), fmt(scaling())));
        lines.add("target_modules=" + targetModules);
        lines.add("layers_to_transform=" + (layersToTransform == null ? "None (todos os blocos)" : layersToTransform));
        return lines;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** What PEFT prints: "trainable params: 811,008 || all params: 125,250,816 || trainable%: 0.6475". */
    public record TrainableSummary(long trainable, long all) {
        public double percent() {
            return all == 0 ? 0 : 100.0 * trainable / all;
        }

        public String peftLine() {
            return String.format(Locale.ROOT, "trainable params: %,d || all params: %,d || trainable%%: %.4f",
                    trainable, all, percent());
        }
    }
}
