package br.lncc.llm.lesson.ch06;

import br.lncc.llm.bench.decode.DecodeBenchmark;
import br.lncc.llm.model.CourseModel;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.kernel.DecodeFormat;
import br.lncc.llm.task.ProgressSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Cap. 6.5–6.6 side by side: the course model decoding greedily in FP32, and in INT8 and NF4 along
 * the two roads a quantized weight can take at decode time. "Dequantize, then multiply" is what
 * bitsandbytes does and what the book timed (INT4 slower than FP32: every token first rebuilds the
 * float32 matrices); the "fused kernel" reads the packed bytes and their scales straight into the
 * dot product (llama.cpp's way), so fewer bytes per token means more tokens per second.
 *
 * <p>Rounds interleave the paths (each round times every path once), so a busy machine slows them
 * alike; each measured path is reported as it finishes, for a page to show live.
 */
public final class DecodeSideBySide {
    private DecodeSideBySide() {}

    /** How one token's weights are read. */
    public enum Road {
        /** Float32 weights through libtorch (the default path of an unquantized model). */
        FP32(DecodeFormat.FP32, false),
        INT8_DEQUANTIZE(DecodeFormat.INT8, false),
        INT8_FUSED(DecodeFormat.INT8, true),
        NF4_DEQUANTIZE(DecodeFormat.NF4, false),
        NF4_FUSED(DecodeFormat.NF4, true);

        private final DecodeFormat format;
        private final boolean fused;

        Road(DecodeFormat format, boolean fused) {
            this.format = format;
            this.fused = fused;
        }

        public DecodeFormat format() {
            return format;
        }

        public boolean fused() {
            return fused;
        }
    }

    /**
     * One road's measurement.
     *
     * @param heldBytes      weights as held in memory (packed matrices + the float32 rest)
     * @param bytesPerToken  bytes one token moves through memory: the packed weights read by the fused
     *                       kernel; for dequantize-then-multiply also the float32 copy written and read again
     * @param roundTokensPerSecond one value per finished round
     */
    public record Measurement(Road road, double tokensPerSecond, double[] roundTokensPerSecond, long heldBytes,
            long bytesPerToken) {}

    /** Every road's median over the rounds. */
    public record Result(String model, int newTokens, int rounds, List<Measurement> measurements) {

        public Measurement of(Road road) {
            return measurements.stream().filter(m -> m.road() == road).findFirst().orElseThrow();
        }

        /** How many times faster than FP32 (above 1 is faster). */
        public double speedup(Road road) {
            return of(road).tokensPerSecond() / of(Road.FP32).tokensPerSecond();
        }
    }

    public static final int MAX_TOKENS = 100;

    /**
     * @param live receives every road's measurement after each round (call it on the page's thread yourself)
     */
    public static Result run(int newTokens, int rounds, Consumer<Result> live, ProgressSink progress) {
        if (newTokens < 1 || newTokens > MAX_TOKENS || rounds < 1) throw new IllegalArgumentException("tokens 1–" + MAX_TOKENS);
        int prompt = 8;
        Gpt2[] models = new Gpt2[3]; // fp32, int8, nf4 (lm_head INT8 in both quantized copies)
        try {
            for (int i = 0; i < models.length; i++) {
                progress.update(i, 3 + rounds, (String) null);
                models[i] = CourseModel.load();
            }
            models[1].quantize(DecodeFormat.INT8, true);
            models[2].quantize(DecodeFormat.NF4, true);
            Road[] roads = Road.values();
            double[][] tps = new double[roads.length][rounds];
            for (Road road : roads) { // warm-up: JIT, the decode step's arrays
                Gpt2 m = model(models, road);
                m.fusedDecode().setEnabled(road.fused());
                new DecodeBenchmark(m, 0).timedOnce(8, prompt);
            }
            Result last = null;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < roads.length; i++) {
                    if (progress.isCancelled()) throw new CancellationException();
                    Gpt2 m = model(models, roads[i]);
                    m.fusedDecode().setEnabled(roads[i].fused());
                    tps[i][r] = new DecodeBenchmark(m, 0).timedOnce(newTokens, prompt);
                }
                last = result(models, roads, tps, r + 1, newTokens);
                live.accept(last);
                progress.update(3 + r + 1, 3 + rounds, (String) null);
            }
            return last;
        } finally {
            for (Gpt2 m : models) if (m != null) m.close();
        }
    }

    private static Gpt2 model(Gpt2[] models, Road road) {
        return switch (road.format()) {
            case FP32 -> models[0];
            case INT8 -> models[1];
            default -> models[2];
        };
    }

    private static Result result(Gpt2[] models, Road[] roads, double[][] tps, int rounds, int newTokens) {
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < roads.length; i++) {
            Gpt2 m = model(models, roads[i]);
            double[] done = Arrays.copyOf(tps[i], rounds);
            long packedRead = m.decodeBytesPerToken();
            long bytes = packedRead;
            if (roads[i].format() != DecodeFormat.FP32 && !roads[i].fused()) {
                // Every packed weight is expanded to a float32 array (written) that the product then reads.
                long expanded = m.packedFootprint().weights() + (long) m.vocabSize() * m.config().nEmbd();
                bytes += 8 * expanded;
            }
            int v = m.vocabSize(), c = m.config().nEmbd();
            long headInt8 = roads[i].format() == DecodeFormat.FP32 ? 0 : (long) v * c + 4L * v * ((c + 31) / 32); // codes + scales
            out.add(new Measurement(roads[i], median(done), done, m.weightsBytes() + headInt8, bytes));
        }
        return new Result(models[0].name(), newTokens, rounds, List.copyOf(out));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
