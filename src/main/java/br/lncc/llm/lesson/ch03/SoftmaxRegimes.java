package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.model.Softmax;

import java.util.ArrayList;
import java.util.List;

/**
 * Cap. 3.7.3–3.7.4: one row of logits under a scale s or a temperature τ. Dividing by τ is
 * multiplying by s = 1/τ, so the two sweeps of N1.17 and N1.18 print the same rows.
 */
public final class SoftmaxRegimes {
    /** Row 0 of the plain toy logits (N1.16). */
    public static final double[] BASE_ROW = {1.0, 0.5, -0.5};

    public static final double[] NOTEBOOK_SCALES = {0.5, 1, 2, 4};
    public static final double[] NOTEBOOK_TEMPERATURES = {2, 1, 0.5, 0.25};

    private SoftmaxRegimes() {}

    /** softmax(factor·logits) and its entropy; {@code factor} is s, or 1/τ. */
    public record Regime(double parameter, double factor, double[] probabilities, double entropy) {}

    public static Regime atScale(double[] logits, double s) {
        return regime(logits, s, s);
    }

    public static Regime atTemperature(double[] logits, double tau) {
        if (!(tau > 0)) throw new LessonInputException("lesson.softmax.tau", new Object[] {}, "tau = " + tau);
        return regime(logits, tau, 1 / tau);
    }

    public static List<Regime> scaleSweep(double[] logits, double[] scales) {
        var out = new ArrayList<Regime>();
        for (double s : scales) out.add(atScale(logits, s));
        return List.copyOf(out);
    }

    public static List<Regime> temperatureSweep(double[] logits, double[] taus) {
        var out = new ArrayList<Regime>();
        for (double t : taus) out.add(atTemperature(logits, t));
        return List.copyOf(out);
    }

    /** Evenly spaced τ in [from, to] for the entropy-versus-temperature curve. */
    public static List<Regime> temperatureCurve(double[] logits, double from, double to, int points) {
        var taus = new double[points];
        for (int i = 0; i < points; i++) taus[i] = from + (to - from) * i / (points - 1);
        return temperatureSweep(logits, taus);
    }

    private static Regime regime(double[] logits, double parameter, double factor) {
        var scaled = new double[logits.length];
        for (int i = 0; i < logits.length; i++) scaled[i] = logits[i] * factor;
        double[] p = Softmax.of(scaled);
        return new Regime(parameter, factor, p, Softmax.entropy(p));
    }
}
