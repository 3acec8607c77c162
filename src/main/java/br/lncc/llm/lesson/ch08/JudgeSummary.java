package br.lncc.llm.lesson.ch08;

import br.lncc.llm.stats.McNemar;
import br.lncc.llm.stats.WilsonInterval;
import br.lncc.llm.lesson.ch08.JudgeFragility.Answer;
import br.lncc.llm.lesson.ch08.JudgeFragility.Order;
import br.lncc.llm.lesson.ch08.JudgeFragility.Trial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How fragile the judge was over a set of trials (8.5.4: "se uma métrica muda muito com pequenas
 * alterações de prompt, ela é um sinal fraco"). Every rate is a count over a count, with a
 * Wilson 95% interval, because a classroom run has a few dozen trials at most.
 *
 * @param positionFlip (pair, wording) cells whose verdict changes when only the order is swapped
 * @param wordingFlip (pair, order) cells whose verdicts disagree across wordings
 * @param firstPosition trials that chose the answer shown first (0.5 = no positional bias)
 * @param accuracy trials whose verdict is the reference answer
 * @param meanMargin mean |P(A) − P(B)| over trials
 * @param firstPositionP two-sided exact binomial p-value of {@code firstPosition} against 1/2
 *     (a judge without positional bias picks the first slot like a fair coin)
 * @param byWording the same accuracy and first-position counts for each wording alone, in run
 *     order: "se uma métrica muda muito com pequenas alterações de prompt" is this table
 *
 * <p>Intervals and p-values treat trials as independent. They are not quite (the same pair
 * appears in every wording and order), so read them as orders of magnitude.
 */
public record JudgeSummary(
        int trials, Rate positionFlip, Rate wordingFlip, Rate firstPosition, Rate accuracy, double meanMargin,
        double firstPositionP, List<WordingRates> byWording) {

    public JudgeSummary {
        byWording = List.copyOf(byWording);
    }

    /** Accuracy and first-position choices of one wording. */
    public record WordingRates(String wording, Rate accuracy, Rate firstPosition) {}

    /** k of n, with its Wilson 95% interval; the rate is NaN when nothing could be counted (n = 0). */
    public record Rate(int count, int total) {
        public double rate() {
            return total == 0 ? Double.NaN : (double) count / total;
        }

        public WilsonInterval interval() {
            return WilsonInterval.of95(count, total);
        }
    }

    public static JudgeSummary of(List<Trial> trials) {
        // Cells keyed by pair and wording (orders inside) and by pair and order (wordings inside).
        Map<String, Map<Order, Answer>> byWording = new LinkedHashMap<>();
        Map<String, List<Answer>> byOrder = new LinkedHashMap<>();
        int first = 0, correct = 0;
        double margin = 0;
        Map<String, int[]> perWording = new LinkedHashMap<>(); // {trials, correct, first}
        for (Trial t : trials) {
            int[] w = perWording.computeIfAbsent(t.wording(), k -> new int[3]);
            w[0]++;
            if (t.correct()) w[1]++;
            if (t.firstChosen()) w[2]++;
            byWording.computeIfAbsent(t.pair() + "\u0000" + t.wording(), k -> new LinkedHashMap<>()).put(t.order(), t.verdict());
            byOrder.computeIfAbsent(t.pair() + "\u0000" + t.order(), k -> new ArrayList<>()).add(t.verdict());
            if (t.firstChosen()) first++;
            if (t.correct()) correct++;
            margin += t.margin();
        }
        int swapped = 0, positionFlips = 0;
        for (var cell : byWording.values()) {
            if (cell.size() < 2) continue; // a cancelled run may have only one order of the last cell
            swapped++;
            if (cell.get(Order.AB) != cell.get(Order.BA)) positionFlips++;
        }
        int reworded = 0, wordingFlips = 0;
        for (var verdicts : byOrder.values()) {
            if (verdicts.size() < 2) continue;
            reworded++;
            if (verdicts.stream().distinct().count() > 1) wordingFlips++;
        }
        int n = trials.size();
        // The sign test: under "no positional bias" first and second choices split like coin flips,
        // which is exactly the exact McNemar computation on (first, second).
        double p = McNemar.exact(first, n - first).pvalue();
        List<WordingRates> rates = new ArrayList<>();
        perWording.forEach((name, w) -> rates.add(new WordingRates(name, new Rate(w[1], w[0]), new Rate(w[2], w[0]))));
        return new JudgeSummary(n, new Rate(positionFlips, swapped), new Rate(wordingFlips, reworded),
                new Rate(first, n), new Rate(correct, n), n == 0 ? Double.NaN : margin / n, p, rates);
    }
}
