package br.lncc.llm.lesson.compress;

import br.lncc.llm.text.Message;
import java.util.Comparator;
import java.util.Optional;

/**
 * The seed's two lessons, checked against this run's own numbers (Cap. 6.6): the page shows the
 * explanation next to the evidence, or says plainly that this run did not show it.
 */
public final class AblationLessons {
    private AblationLessons() {}

    /** A condition whose perplexity stayed within this factor of the baseline "looks fine". */
    public static final double LOOKS_FINE = 1.5;

    /**
     * "Perplexity lied": the condition with perplexity within {@link #LOOKS_FINE}× of the baseline
     * whose generations repeat most (rep-4 above the baseline's), if any.
     */
    public static Message perplexityLied(AblationResult r) {
        ConditionResult base = r.baseline();
        Optional<ConditionResult> worst = r.conditions().stream()
                .filter(c -> c.condition() != CompressionCondition.NONE)
                .filter(c -> c.pplRatio() <= LOOKS_FINE && c.rep4() > base.rep4() + 0.05)
                .max(Comparator.comparingDouble(ConditionResult::rep4));
        if (worst.isPresent()) {
            ConditionResult c = worst.get();
            return Message.of("compress.evidence.ppl", c.condition().cliName(), c.pplRatio(), c.rep4(), base.rep4(),
                    c.distinct2(), base.distinct2());
        }
        ConditionResult mostRepetitive = r.conditions().stream().max(Comparator.comparingDouble(ConditionResult::rep4)).orElse(base);
        return Message.of("compress.evidence.ppl.none", LOOKS_FINE, mostRepetitive.condition().cliName(),
                mostRepetitive.pplRatio(), mostRepetitive.rep4(), base.rep4());
    }

    /** "The tied embeddings were the budget": the share of the model in embedding/head and both bit counts. */
    public static Message tiedBudget(AblationResult r) {
        ConditionResult c = r.conditions().stream().filter(x -> x.condition() != CompressionCondition.NONE).findFirst()
                .orElse(r.baseline());
        return Message.of(r.tied() ? "compress.evidence.tied" : "compress.evidence.untied", 100 * r.embeddingShare(),
                c.condition().cliName(), c.budget().compressed(), c.budget().allWeights(),
                r.request().skipEmbeddings() ? 1 : 0);
    }
}
