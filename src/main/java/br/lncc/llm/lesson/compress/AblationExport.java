package br.lncc.llm.lesson.compress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ablation as files: one JSON object per condition with the field names of the public
 * {@code companion compress --json} contract, and a CSV with one row per condition.
 */
public final class AblationExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AblationExport() {}

    /** The CLI contract: condition, effective_bits_compressed, …, outputs [{prompt, text}]. */
    public static ObjectNode condition(ConditionResult c, double baselinePpl) {
        ObjectNode o = JSON.createObjectNode();
        o.put("condition", c.condition().cliName());
        o.put("effective_bits_compressed", c.budget().compressed());
        o.put("effective_bits_all_weights", c.budget().allWeights());
        o.put("ppl_baseline", baselinePpl);
        o.put("ppl", c.ppl());
        o.put("ppl_ratio", c.pplRatio());
        o.put("rep4", c.rep4());
        o.put("distinct2", c.distinct2());
        o.put("script_switches", c.scriptSwitches());
        var outputs = o.putArray("outputs");
        for (var out : c.outputs()) outputs.addObject().put("prompt", out.prompt()).put("text", out.text());
        return o;
    }

    /** The baseline and every finished condition, with the model's embedding share and the Fisher scores. */
    public static ObjectNode ablation(AblationResult r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("model", r.model());
        out.put("architecture", r.architecture());
        out.put("total_weights", r.totalWeights());
        out.put("embedding_share", r.embeddingShare());
        out.put("tied_embeddings", r.tied());
        out.put("bits", r.request().bits());
        out.put("sparsity", r.request().sparsity());
        out.put("group", r.request().group());
        out.put("skip_embeddings", r.request().skipEmbeddings());
        out.put("chat_template", r.chatTemplate());
        out.put("cancelled", r.cancelled());
        var list = out.putArray("conditions");
        for (ConditionResult c : rows(r)) list.add(condition(c, r.baseline().ppl()).put("seconds", c.seconds()));
        var sweep = out.putArray("sweep");
        for (ConditionResult c : r.sweep()) sweep.add(condition(c, r.baseline().ppl()).put("bits", bitsOf(c)).put("seconds", c.seconds()));
        var fisher = out.putObject("fisher");
        r.fisher().forEach(fisher::put);
        r.fisherParts().forEach(fisher::put);
        return out;
    }

    public static String json(AblationResult r) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ablation(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** condition,effective_bits_compressed,effective_bits_all_weights,ppl,ppl_ratio,rep4,distinct2,script_switches,seconds */
    public static String csv(AblationResult r) {
        StringBuilder b = new StringBuilder(
                "condition,effective_bits_compressed,effective_bits_all_weights,ppl,ppl_ratio,rep4,distinct2,script_switches,seconds\n");
        List<ConditionResult> all = new ArrayList<>(rows(r));
        all.addAll(r.sweep());
        for (ConditionResult c : all) {
            b.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%.2f%n", label(c, r),
                    c.budget().compressed(), c.budget().allWeights(), c.ppl(), c.pplRatio(), c.rep4(), c.distinct2(),
                    c.scriptSwitches(), c.seconds()));
        }
        return b.toString();
    }

    /** "uniform" for a condition, "uniform@3b" for a sweep run. */
    public static String label(ConditionResult c, AblationResult r) {
        return r.sweep().contains(c) ? c.condition().cliName() + "@" + bitsOf(c) + "b" : c.condition().cliName();
    }

    /** The bits of a uniform run (every tensor has the same). */
    public static int bitsOf(ConditionResult c) {
        return c.allocation().values().stream().mapToInt(Allocation.Choice::bits).max().orElse(0);
    }

    /** The baseline first, then the conditions (without repeating the baseline if "none" was asked). */
    public static List<ConditionResult> rows(AblationResult r) {
        List<ConditionResult> rows = new ArrayList<>();
        rows.add(r.baseline());
        for (ConditionResult c : r.conditions()) if (c != r.baseline()) rows.add(c);
        return rows;
    }
}
