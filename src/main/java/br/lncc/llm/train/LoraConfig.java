package br.lncc.llm.train;

import br.lncc.llm.model.Gpt2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cap. 7.3.3 / 7.10: W' = W + (α/r)·BA on the modules whose name ends with one of
 * {@code targetModules}, as PEFT matches them ("c_proj" hits both attn.c_proj and mlp.c_proj).
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules) {

    public LoraConfig {
        targetModules = List.copyOf(targetModules);
        if (r < 1) throw new TrainingException("o rank r do LoRA precisa ser ≥ 1; recebi " + r);
        if (!(alpha > 0) || !Double.isFinite(alpha)) throw new TrainingException("lora_alpha precisa ser positivo; recebi " + alpha);
        if (!(dropout >= 0 && dropout < 1)) throw new TrainingException("lora_dropout precisa estar em [0, 1); recebi " + dropout);
        if (targetModules.isEmpty()) throw new TrainingException("escolha ao menos um módulo alvo (target_modules)");
        for (String t : targetModules) {
            if (!GPT2_LINEARS.contains(t) && !t.contains(".")) {
                throw new TrainingException("módulo alvo '" + t + "' não existe no GPT-2; use " + GPT2_LINEARS);
            }
        }
    }

    /** The GPT-2 Conv1D modules a student can target. */
    public static final List<String> GPT2_LINEARS = List.of("c_attn", "c_proj", "c_fc");

    /** Cap. 7.10: r = 8, α = 16, dropout 0.1 on c_attn and c_proj. */
    public static LoraConfig book() {
        return new LoraConfig(8, 16, 0.1, List.of("c_attn", "c_proj"));
    }

    public double scaling() {
        return alpha / r;
    }

    /** PEFT's rule: a module matches a target equal to its full name or to its last name segments. */
    public boolean targets(String moduleName) {
        for (String t : targetModules) {
            if (moduleName.equals(t) || moduleName.endsWith("." + t)) return true;
        }
        return false;
    }

    /**
     * The targeted GPT-2 modules with their (in, out) features, in model order. Conv1D stores
     * W as [in, out]; c_attn is 768 → 2304 in GPT-2 small.
     */
    public Map<String, int[]> targetedModules(Gpt2.Config c) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int l = 0; l < c.nLayer(); l++) {
            for (var e : gpt2Linears(c, l).entrySet()) {
                if (targets(e.getKey())) out.put(e.getKey(), e.getValue());
            }
        }
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
