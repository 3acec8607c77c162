package br.lncc.llm.bench.decode;

import ai.djl.ndarray.NDManager;
import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.task.ProgressSink;
import java.util.Random;

/**
 * Decoding speed with and without the KV cache (Cap. 4.11): greedy generation of N tokens after a
 * short prompt, timed end to end, and prefill throughput (a long prompt in one forward pass).
 * Decoding reads every weight once per token, so memory bandwidth bounds tokens/s from above:
 * ≈ bandwidth / weights_bytes.
 */
public final class DecodeBenchmark {

    /** Tokens/s figures; NaN for a part that was not run. */
    public record Result(
            int newTokens, int promptTokens, int prefillTokens, double tokensPerSecondCache,
            double tokensPerSecondNoCache, double tokensPerSecondCacheConcat, double prefillTokensPerSecond,
            long weightsBytes, double[] msPerTokenCache, double[] msPerTokenNoCache) {

        /** How many times faster the cached loop is. */
        public double cacheSpeedup() {
            return tokensPerSecondCache / tokensPerSecondNoCache;
        }
    }

    /** Quantized vs float32 logits along the same tokens: top-1 agreement and mean KL(p_fp32 ‖ p_q). */
    public record Agreement(int steps, double top1, double meanKl) {}

    private final CausalLm model;
    private final long seed;
    private final int repeats;

    public DecodeBenchmark(CausalLm model, long seed) {
        this(model, seed, 1);
    }

    /** @param repeats timed decode runs; the median is reported (a shared machine is noisy) */
    public DecodeBenchmark(CausalLm model, long seed, int repeats) {
        this.model = model;
        this.seed = seed;
        this.repeats = Math.max(1, repeats);
    }

    /** STREAM-like read bandwidth measured now (GB/s), the denominator of the bound. */
    public static double measureReadBandwidthGbs() {
        return br.lncc.llm.model.kernel.ReadBandwidth.measureGbPerSecond(256, 8);
    }

    /** "fused java (vector-api 512-bit, 2 threads)" or "libtorch": the path the next decode step takes. */
    public static String decodePath(CausalLm model) {
        return model.decodesFused() ? "fused java (" + br.lncc.llm.model.kernel.MatVecKernels.best().name() + ", "
                + br.lncc.llm.model.kernel.RowParallel.shared().threads() + " threads)" : "libtorch";
    }

    /** "vector-api 512-bit, 2 threads": the kernels and threads the Java decode step runs on. */
    public static String kernelsName() {
        return br.lncc.llm.model.kernel.MatVecKernels.best().name() + ", " + br.lncc.llm.model.kernel.RowParallel.shared().threads()
                + " threads";
    }

    /** The canonical name of a --format value (fp32, int8, int4, nf4, nf4-dq); unknown names are refused by name. */
    public static String formatName(String cliName) {
        return br.lncc.llm.model.kernel.DecodeFormat.fromCliName(cliName).cliName();
    }

    /** Quantizes a GPT-2 or Llama-family model in place; returns bits per projection weight (32 for fp32). */
    public static double quantize(CausalLm model, String format, boolean headInt8) {
        var f = br.lncc.llm.model.kernel.DecodeFormat.fromCliName(format);
        br.lncc.llm.weights.quant.MemoryFootprint m;
        if (model instanceof br.lncc.llm.model.Llama llama) m = llama.quantize(f, headInt8);
        else if (model instanceof br.lncc.llm.model.Gpt2 gpt2) m = gpt2.quantize(f, headInt8);
        else throw new br.lncc.llm.model.ModelException("generate.decodeFormat.unsupported", new Object[0], model.getClass().getSimpleName());
        return f == br.lncc.llm.model.kernel.DecodeFormat.FP32 ? 32 : m.bitsPerWeight();
    }

    /**
     * One decode path of a same-run comparison: a format, the path its tokens took, its median
     * tokens/s over the rounds, and what one token reads.
     *
     * @param bitsPerWeight bits per projection weight (32 for fp32)
     * @param top1VsFp32    top-1 agreement of its logits with the fp32 model's along the same tokens (NaN if not measured)
     * @param meanKlVsFp32  mean KL(p_fp32 ‖ p_this) over those steps (NaN if not measured)
     * @param residentAddedMiB how much the process's resident memory grew while this format's copy was opened and
     *     quantized (MiB, −1 without /proc; the fp32 Java step shares the libtorch path's copy: 0)
     */
    public record FormatRun(String format, String lmHead, String decodePath, double tokensPerSecond,
            double[] roundTokensPerSecond, long bytesPerToken, double bitsPerWeight, double top1VsFp32, double meanKlVsFp32,
            double residentAddedMiB) {}

    /**
     * Several formats of one model decoded in the same process, round after round (each round times
     * every path once and measures the read bandwidth once), so a shared machine's drift hits every
     * path alike and the ratios stay meaningful even when the absolute numbers do not.
     *
     * @param bandwidthGbs the median of the rounds' STREAM-like reads
     * @param memory       the process's resident memory: before the first copy was opened, the peak while the copies
     *     were opened and quantized, the peak of the whole comparison (MiB, −1 without /proc)
     */
    public record FormatComparison(String model, int newTokens, int rounds, double bandwidthGbs, double[] roundBandwidthGbs,
            java.util.List<FormatRun> runs, DecodeRun.Memory memory) {

        /** The faster of the fp32 paths (libtorch or the Java step): the fair float32 baseline. */
        public double fp32TokensPerSecond() {
            return runs.stream().filter(r -> r.format().equals("fp32")).mapToDouble(FormatRun::tokensPerSecond).max()
                    .orElse(Double.NaN);
        }

        /** bytes per token ÷ bandwidth = the ceiling; this run's fraction of it. */
        public double fractionOfBound(FormatRun r) {
            return r.tokensPerSecond() * r.bytesPerToken() / (bandwidthGbs * 1e9);
        }
    }

    /** A decode path to time: a model, whether its one-token steps go through the Java kernels, its copy's memory. */
    private record Path(CausalLm model, String format, boolean fused, double bits, double residentAddedMiB) {}

    /**
     * Decodes the same prompt greedily under every format, interleaved over {@code rounds}
     * rounds. FP32 is timed twice, through libtorch (the path float32 takes by default) and
     * through the Java step, so the low-bit speedups can be quoted against the faster of the two.
     *
     * @param open      a fresh float32 copy of the model each call (each format quantizes its own copy)
     * @param formats   cli names (fp32, int8, int4, nf4, nf4-dq)
     * @param headInt8  also read lm_head as INT8 in the quantized formats
     * @param quality   steps of teacher-forced logits compared with fp32 (0 skips)
     */
    public static FormatComparison compareFormats(java.util.function.Supplier<CausalLm> open, java.util.List<String> formats,
            boolean headInt8, int newTokens, int promptTokens, int rounds, int quality, long seed, ProgressSink progress) {
        java.util.List<CausalLm> models = new java.util.ArrayList<>();
        java.util.List<Path> paths = new java.util.ArrayList<>();
        double before = br.lncc.llm.platform.PeakResidentMemory.residentMiB();
        var peak = new br.lncc.llm.platform.PeakResidentMemory();
        peak.reset();
        try {
            float[][] reference = null;
            long[] qualityPrompt = null, qualityIds = null;
            for (String name : formats) {
                String format = formatName(name);
                progress.update(models.size(), formats.size() + rounds, format);
                double opening = br.lncc.llm.platform.PeakResidentMemory.residentMiB();
                CausalLm m = open.get();
                models.add(m);
                if (models.size() == 1) new DecodeBenchmark(m, seed).requirePromptFits(promptTokens);
                if (quality > 0 && reference == null) {
                    // The float32 logits every format is compared with, taken before this copy is quantized.
                    var fp32 = new DecodeBenchmark(m, seed);
                    qualityPrompt = fp32.prompt(promptTokens);
                    qualityIds = fp32.greedyContinuation(qualityPrompt, quality);
                    reference = fp32.forcedLogits(qualityPrompt, qualityIds);
                }
                if (format.equals("fp32")) {
                    double added = grownSince(opening);
                    paths.add(new Path(m, "fp32", false, 32, added));
                    if (m.fusedDecode().supported()) paths.add(new Path(m, "fp32", true, 32, 0));
                } else {
                    double bits = quantize(m, format, headInt8);
                    paths.add(new Path(m, format, true, bits, grownSince(opening)));
                }
            }
            double loadPeak = peak.peakMiB();
            newTokens = Math.min(newTokens, models.get(0).maxPositions() - promptTokens);
            for (Path p : paths) { // warm-up: JIT, caches, the decode step's arrays
                p.model.fusedDecode().setEnabled(p.fused);
                new DecodeBenchmark(p.model, seed).timedOnce(Math.min(8, newTokens), promptTokens);
            }
            double[][] tps = new double[paths.size()][rounds];
            double[] bandwidth = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (progress.isCancelled()) throw new java.util.concurrent.CancellationException();
                progress.update(formats.size() + r, formats.size() + rounds, (String) null);
                bandwidth[r] = br.lncc.llm.model.kernel.ReadBandwidth.measureGbPerSecond(256, 4);
                for (int i = 0; i < paths.size(); i++) {
                    Path p = paths.get(i);
                    p.model.fusedDecode().setEnabled(p.fused);
                    tps[i][r] = new DecodeBenchmark(p.model, seed).timedOnce(newTokens, promptTokens);
                }
            }
            java.util.List<FormatRun> runs = new java.util.ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                Path p = paths.get(i);
                p.model.fusedDecode().setEnabled(p.fused);
                Agreement a = reference == null || p.format.equals("fp32") ? null
                        : agreement(reference, new DecodeBenchmark(p.model, seed).forcedLogits(qualityPrompt, qualityIds));
                String lmHead = headInt8 && !p.format.equals("fp32") ? "int8" : "fp32";
                runs.add(new FormatRun(p.format, lmHead, decodePath(p.model), median(tps[i]), tps[i], p.model.decodeBytesPerToken(),
                        p.bits, a == null ? Double.NaN : a.top1(), a == null ? Double.NaN : a.meanKl(), p.residentAddedMiB));
            }
            progress.update(formats.size() + rounds, formats.size() + rounds, (String) null);
            var memory = new DecodeRun.Memory(before, loadPeak, peak.peakMiB(), false, peak.source().name());
            return new FormatComparison(models.get(0).name(), newTokens, rounds, median(bandwidth), bandwidth, runs, memory);
        } finally {
            for (CausalLm m : models) m.close();
        }
    }

    /** Resident MiB gained since {@code before} (−1 where /proc is missing). */
    private static double grownSince(double before) {
        double now = br.lncc.llm.platform.PeakResidentMemory.residentMiB();
        return now < 0 || before < 0 ? -1 : now - before;
    }

    /** Tokens/s of one greedy cached decode of n tokens after the seeded prompt (no warm-up). */
    public double timedOnce(int newTokens, int promptTokens) {
        GenerationSettings greedy = GenerationSettings.greedy(newTokens).withStopAtEos(false);
        return tokensPerSecond(timed(randomIds(promptTokens, seed), greedy, ProgressSink.NONE));
    }

    /** The prompt {@link #run} decodes after (random ids from the seed). */
    public long[] prompt(int promptTokens) {
        requirePromptFits(promptTokens);
        return randomIds(promptTokens, seed);
    }

    /** A prompt must leave room for at least one new token in the model's window (checked before any array of that size). */
    public void requirePromptFits(int promptTokens) {
        if (promptTokens >= model.maxPositions()) {
            throw new BenchmarkException("benchinput.promptTooLong", new Object[] {promptTokens, model.maxPositions(), model.name(),
                    model.maxPositions() - 1}, "promptTokens=" + promptTokens + " maxPositions=" + model.maxPositions());
        }
    }

    /** Median tokens/s of greedy cached decoding of n tokens after the prompt (after one warm-up). */
    public double decodeTokensPerSecond(int newTokens, int promptTokens) {
        long[] prompt = randomIds(promptTokens, seed);
        GenerationSettings greedy = GenerationSettings.greedy(Math.min(newTokens, model.maxPositions() - promptTokens))
                .withStopAtEos(false);
        timed(prompt, GenerationSettings.greedy(8).withStopAtEos(false), ProgressSink.NONE);
        double[] tps = new double[repeats];
        for (int i = 0; i < repeats; i++) tps[i] = tokensPerSecond(timed(prompt, greedy, ProgressSink.NONE));
        return median(tps);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Next-token logits after the prompt and after each token of {@code continuation}, fed one at a
     * time through a KV cache — the decode path as generation uses it (teacher forcing).
     */
    public float[][] forcedLogits(long[] prompt, long[] continuation) {
        float[][] out = new float[continuation.length + 1][];
        try (KvCache cache = model.newCache(KvCache.Layout.PREALLOCATED, 1);
                NDManager scope = model.manager().newSubManager()) {
            out[0] = model.forward(scope.create(prompt).reshape(1, prompt.length), cache, true, null).toFloatArray();
            for (int i = 0; i < continuation.length; i++) {
                try (NDManager step = scope.newSubManager()) {
                    out[i + 1] = model.forward(step.create(new long[] {continuation[i]}).reshape(1, 1), cache, true, null)
                            .toFloatArray();
                }
            }
        }
        return out;
    }

    /** Greedy continuation of the prompt (the sequence the quality comparison feeds). */
    public long[] greedyContinuation(long[] prompt, int n) {
        return timed(prompt, GenerationSettings.greedy(n).withStopAtEos(false), ProgressSink.NONE).newIds();
    }

    /** Top-1 agreement and mean KL(p_reference ‖ p_other) over the steps, in float64. */
    public static Agreement agreement(float[][] reference, float[][] other) {
        int same = 0;
        double kl = 0;
        for (int s = 0; s < reference.length; s++) {
            double[] p = logSoftmax(reference[s]);
            double[] q = logSoftmax(other[s]);
            if (argMax(reference[s]) == argMax(other[s])) same++;
            double d = 0;
            for (int i = 0; i < p.length; i++) d += Math.exp(p[i]) * (p[i] - q[i]);
            kl += d;
        }
        return new Agreement(reference.length, (double) same / reference.length, kl / reference.length);
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static double[] logSoftmax(float[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) max = Math.max(max, x);
        double sum = 0;
        for (float x : v) sum += Math.exp(x - max);
        double log = max + Math.log(sum);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] - log;
        return out;
    }

    /**
     * @param noCacheTokens tokens for the no-cache run (0 skips it: it is O(n²) and slow)
     * @param compareLayouts also time the concatenating cache layout
     */
    public Result run(int newTokens, int promptTokens, int prefillTokens, int noCacheTokens, boolean compareLayouts,
            ProgressSink progress) {
        requirePromptFits(promptTokens);
        int room = model.maxPositions() - promptTokens;
        newTokens = Math.min(newTokens, room);
        noCacheTokens = Math.min(noCacheTokens, room);
        prefillTokens = Math.min(prefillTokens, model.maxPositions());
        long[] prompt = randomIds(promptTokens, seed);
        GenerationSettings greedy = GenerationSettings.greedy(newTokens).withStopAtEos(false);

        progress.update(0, 4, br.lncc.llm.text.Message.of("benchdata.decode.warmup"));
        timed(prompt, GenerationSettings.greedy(8).withStopAtEos(false), progress);
        prefillSeconds(randomIds(prefillTokens, seed + 1));

        progress.update(1, 4, "prefill");
        long[] prefillIds = randomIds(prefillTokens, seed + 2);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) best = Math.min(best, prefillSeconds(prefillIds));
        double prefillTps = prefillTokens / best;

        progress.update(2, 4, br.lncc.llm.text.Message.of("benchdata.decode.cached"));
        Generation cached = timed(prompt, greedy, progress);
        double[] cachedTps = new double[repeats];
        cachedTps[0] = tokensPerSecond(cached);
        for (int i = 1; i < repeats; i++) cachedTps[i] = tokensPerSecond(timed(prompt, greedy, progress));
        double concatTps = Double.NaN;
        if (compareLayouts) concatTps = tokensPerSecond(timed(prompt, greedy.withCacheLayout(KvCache.Layout.CONCAT), progress));

        progress.update(3, 4, br.lncc.llm.text.Message.of("benchdata.decode.uncached"));
        Generation uncached = null;
        if (noCacheTokens > 0) {
            uncached = timed(prompt, GenerationSettings.greedy(noCacheTokens).withStopAtEos(false).withCache(false), progress);
        }
        progress.update(4, 4, br.lncc.llm.text.Message.of("benchdata.decode.done"));
        return new Result(cached.newIds().length, promptTokens, prefillTokens, median(cachedTps),
                uncached == null ? Double.NaN : tokensPerSecond(uncached), concatTps, prefillTps, model.weightsBytes(),
                cached.msPerToken(), uncached == null ? new double[0] : uncached.msPerToken());
    }

    private Generation timed(long[] prompt, GenerationSettings settings, ProgressSink progress) {
        return new Generator(model).generate(prompt, settings, Generator.TokenListener.NONE, progress);
    }

    /** New tokens over the whole run (the first token's prefill included, as a user waits for it). */
    static double tokensPerSecond(Generation g) {
        double ms = g.prefillMs();
        for (double d : g.msPerToken()) ms += d;
        return g.newIds().length * 1000.0 / ms;
    }

    private double prefillSeconds(long[] ids) {
        try (KvCache cache = model.newCache(KvCache.Layout.PREALLOCATED, 1);
                NDManager scope = model.manager().newSubManager()) {
            long start = System.nanoTime();
            model.forward(scope.create(ids).reshape(1, ids.length), cache, true, null).toFloatArray();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private long[] randomIds(int n, long s) {
        Random r = new Random(s);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(model.vocabSize());
        return ids;
    }
}
