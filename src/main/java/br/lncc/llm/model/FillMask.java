package br.lncc.llm.model;

import br.lncc.llm.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fill-mask with BERT's masked-LM head: the probability of every vocabulary token at the
 * [MASK] position (softmax over the tied-decoder logits), best first.
 */
public final class FillMask {

    public static final String MASK = "[MASK]";

    public record Prediction(String token, long id, double prob) {}

    private FillMask() {}

    /** Top-k for the first [MASK] of an already tokenized input. */
    public static List<Prediction> topK(Bert bert, TextTokenizer tokenizer, long[] ids, String[] tokens, int k) {
        int mask = Arrays.asList(tokens).indexOf(MASK);
        if (mask < 0) {
            throw new ModelException("model.fillMask.noMask", new Object[] {MASK}, "");
        }
        if (k < 1) throw new ModelException("model.fillMask.topK", new Object[] {k}, "");
        float[] logits = bert.forward(ids, BertRequest.maskedLm(mask)).mlmLogits()[0];
        double[] probs = Softmax.of(logits);
        int[] order = IntStream.range(0, probs.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -probs[i]))
                .limit(Math.min(k, probs.length)).mapToInt(Integer::intValue).toArray();
        List<Prediction> out = new ArrayList<>();
        for (int id : order) out.add(new Prediction(tokenizer.decode(new long[] {id}), id, probs[id]));
        return out;
    }
}
