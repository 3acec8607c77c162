package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.FeedForward;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Linear;
import br.lncc.llm.lesson.Matrices;
import br.lncc.llm.model.Softmax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cap. 3.8: E experts (each an FFN) and a softmax router; only the top-k experts run for a
 * token. With k = 1 the notebook multiplies the expert's output by the raw gate probability
 * (below 1, not renormalised); for k ≥ 2 the usual choice is to renormalise over the chosen.
 */
public record MixtureOfExperts(Linear gate, List<FeedForward> experts) {

    public MixtureOfExperts {
        if (gate.outFeatures() != experts.size()) {
            throw new IllegalArgumentException("gate has " + gate.outFeatures() + " outputs for " + experts.size() + " experts");
        }
        experts = List.copyOf(experts);
    }

    public static MixtureOfExperts of(NotebookN1Weights weights) {
        return new MixtureOfExperts(weights.gate(), weights.experts());
    }

    /** N1.21 exactly: top-1, raw weight. */
    public MoeRouting notebookRouting(double[][] x) {
        return route(x, 1, false);
    }

    public MoeRouting route(double[][] x, int k, boolean renormalise) {
        int count = experts.size();
        if (k < 1 || k > count) {
            throw new LessonInputException("lesson.moe.k", new Object[] {count}, "k = " + k);
        }
        if (!Matrices.isRectangular(x) || x[0].length != gate.inFeatures()) {
            throw new LessonInputException("lesson.moe.d", new Object[] {gate.inFeatures()}, "x shape " + Matrices.shape(x));
        }
        int tokens = x.length, d = x[0].length;
        var probabilities = new double[tokens][];
        var chosen = new int[tokens][k];
        var weights = new double[tokens][k];
        var output = new double[tokens][d];
        var load = new int[count];
        for (int t = 0; t < tokens; t++) {
            double[] p = Softmax.of(gate.apply(x[t]));
            probabilities[t] = p;
            // Stable sort: ties go to the lower expert index, as torch.topk does on CPU.
            int[] order = IntStream.range(0, count).boxed()
                    .sorted(Comparator.comparingDouble((Integer e) -> -p[e]))
                    .mapToInt(Integer::intValue).toArray();
            double mass = 0;
            for (int j = 0; j < k; j++) {
                chosen[t][j] = order[j];
                weights[t][j] = p[order[j]];
                mass += p[order[j]];
            }
            for (int j = 0; j < k; j++) {
                if (renormalise) weights[t][j] /= mass;
                double[] y = experts.get(chosen[t][j]).apply(x[t]);
                for (int c = 0; c < d; c++) output[t][c] += weights[t][j] * y[c];
                load[chosen[t][j]]++;
            }
        }
        double loss = 0;
        for (int l : load) {
            double share = l / (double) (k * tokens) - 1.0 / count;
            loss += share * share;
        }
        long perExpert = experts.get(0).parameterCount();
        return new MoeRouting(Matrices.copy(x), k, renormalise, probabilities, chosen, weights, output, load, loss,
                perExpert, perExpert * count, perExpert * k, gate.parameterCount());
    }

    /** Expert outputs of every expert for every token, for the "what each expert would say" table. */
    public List<double[][]> allExpertOutputs(double[][] x) {
        var out = new ArrayList<double[][]>();
        for (FeedForward e : experts) out.add(e.apply(x));
        return out;
    }
}
