package br.lncc.llm.bench.sentiment;

import br.lncc.llm.stats.McNemar;
import br.lncc.llm.stats.TestResult;
import java.util.List;

/**
 * The notebook's results block: accuracy, mean latency and mean input tokens per prompt style,
 * efficiency gain = Δaccuracy / Δtokens, and McNemar on the 2×2 table (a both right, b normal
 * only, c repeated only, d both wrong).
 */
public record SentimentMetrics(
        int n, double accuracyNormal, double accuracyRepeated, double deltaAccuracy,
        double meanLatencyNormalS, double meanLatencyRepeatedS, double meanTokensNormal, double meanTokensRepeated,
        double deltaTokens, double efficiencyGain, int a, int b, int c, int d,
        double mcnemarStatistic, double mcnemarPvalue, double mcnemarExactPvalue) {

    public static double efficiencyGain(double accNormal, double accRepeated, double tokensNormal, double tokensRepeated) {
        return (accRepeated - accNormal) / (tokensRepeated - tokensNormal);
    }

    public static SentimentMetrics of(List<SampleResult> results) {
        int n = results.size();
        int okN = 0, okR = 0, a = 0, b = 0, c = 0, d = 0;
        double latN = 0, latR = 0, tokN = 0, tokR = 0;
        for (SampleResult r : results) {
            if (r.correctNormal()) okN++;
            if (r.correctRepeated()) okR++;
            if (r.correctNormal() && r.correctRepeated()) a++;
            else if (r.correctNormal()) b++;
            else if (r.correctRepeated()) c++;
            else d++;
            latN += r.latencyNormalS();
            latR += r.latencyRepeatedS();
            tokN += r.tokensNormal();
            tokR += r.tokensRepeated();
        }
        if (n == 0) {
            return new SentimentMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double accN = (double) okN / n, accR = (double) okR / n;
        double mTokN = tokN / n, mTokR = tokR / n;
        TestResult chi = McNemar.chiSquared(b, c);
        TestResult exact = McNemar.exact(b, c);
        return new SentimentMetrics(n, accN, accR, accR - accN, latN / n, latR / n, mTokN, mTokR, mTokR - mTokN,
                efficiencyGain(accN, accR, mTokN, mTokR), a, b, c, d, chi.statistic(), chi.pvalue(), exact.pvalue());
    }
}
