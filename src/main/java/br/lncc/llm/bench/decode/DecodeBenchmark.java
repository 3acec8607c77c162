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
        return br.lncc.llm.model.kernel.ReadBandwidth.measureGbPerSecond(256, 5);
    }

    /** "fused java (vector-api 512-bit, 2 threads)" or "libtorch": the path the next decode step takes. */
    public static String decodePath(CausalLm model) {
        return model.decodesFused() ? "fused java (" + br.lncc.llm.model.kernel.MatVecKernels.best().name() + ", "
                + br.lncc.llm.model.kernel.RowParallel.shared().threads() + " threads)" : "libtorch";
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
        else throw new IllegalArgumentException("--format/--lm-head estão disponíveis para GPT-2 e a família Llama");
        return f == br.lncc.llm.model.kernel.DecodeFormat.FP32 ? 32 : m.bitsPerWeight();
    }

    /** The prompt {@link #run} decodes after (random ids from the seed). */
    public long[] prompt(int promptTokens) {
        return randomIds(promptTokens, seed);
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
        if (promptTokens >= model.maxPositions()) {
            throw new BenchmarkException("um prompt de " + promptTokens + " tokens não cabe na janela de " + model.maxPositions()
                    + " posições de " + model.name() + ": use no máximo " + (model.maxPositions() - 1)
                    + " tokens de prompt (sobra lugar para os tokens novos)");
        }
        int room = model.maxPositions() - promptTokens;
        newTokens = Math.min(newTokens, room);
        noCacheTokens = Math.min(noCacheTokens, room);
        prefillTokens = Math.min(prefillTokens, model.maxPositions());
        long[] prompt = randomIds(promptTokens, seed);
        GenerationSettings greedy = GenerationSettings.greedy(newTokens).withStopAtEos(false);

        progress.update(0, 4, "aquecimento");
        timed(prompt, GenerationSettings.greedy(8).withStopAtEos(false), progress);
        prefillSeconds(randomIds(prefillTokens, seed + 1));

        progress.update(1, 4, "prefill");
        long[] prefillIds = randomIds(prefillTokens, seed + 2);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) best = Math.min(best, prefillSeconds(prefillIds));
        double prefillTps = prefillTokens / best;

        progress.update(2, 4, "com cache KV");
        Generation cached = timed(prompt, greedy, progress);
        double[] cachedTps = new double[repeats];
        cachedTps[0] = tokensPerSecond(cached);
        for (int i = 1; i < repeats; i++) cachedTps[i] = tokensPerSecond(timed(prompt, greedy, progress));
        double concatTps = Double.NaN;
        if (compareLayouts) concatTps = tokensPerSecond(timed(prompt, greedy.withCacheLayout(KvCache.Layout.CONCAT), progress));

        progress.update(3, 4, "sem cache");
        Generation uncached = null;
        if (noCacheTokens > 0) {
            uncached = timed(prompt, GenerationSettings.greedy(noCacheTokens).withStopAtEos(false).withCache(false), progress);
        }
        progress.update(4, 4, "pronto");
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
