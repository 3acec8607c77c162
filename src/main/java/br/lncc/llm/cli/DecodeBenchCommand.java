package br.lncc.llm.cli;

import br.lncc.llm.bench.decode.DecodeBenchmark;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.Architecture;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.KnownConfigs;
import br.lncc.llm.model.Llama;
import br.lncc.llm.model.LlamaConfig;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `bench decode`: tokens/s with and without the KV cache, and prefill tokens/s. */
@Command(name = "decode", mixinStandardHelpOptions = true)
public final class DecodeBenchCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model")
        String model;

        @Option(names = "--random-gpt2-small")
        boolean randomGpt2Small;

        @Option(names = "--random-smollm2-135m")
        boolean randomSmollm2;

        @Option(names = "--random-qwen2.5-0.5b")
        boolean randomQwen25;

        @Option(names = "--random-shape", paramLabel = "NAME",
                completionCandidates = KnownShapes.class)
        String randomShape;
    }

    static final class KnownShapes extends java.util.ArrayList<String> {
        KnownShapes() {
            super(KnownConfigs.NAMES);
        }
    }

    @Option(names = "--format", defaultValue = "fp32", paramLabel = "FORMAT")
    String format;

    @Option(names = "--lm-head", defaultValue = "fp32", paramLabel = "FORMAT")
    String lmHead;

    @Option(names = "--nf4")
    boolean nf4;

    @Option(names = "--double-quant")
    boolean doubleQuant;

    @Option(names = "--bandwidth-gbs")
    Double bandwidthGbs;

    @Option(names = "--compare-libtorch")
    boolean compareLibtorch;

    @Option(names = "--quality-tokens", defaultValue = "16")
    int qualityTokens;

    @Option(names = "--repeat", defaultValue = "1")
    int repeat;

    @Option(names = "--tokens", defaultValue = "512")
    int tokens;

    @Option(names = "--no-cache-tokens")
    Integer noCacheTokens;

    @Option(names = "--prompt-tokens", defaultValue = "8")
    int promptTokens;

    @Option(names = "--prefill-tokens", defaultValue = "128")
    int prefillTokens;

    @Option(names = "--compare-layouts")
    boolean compareLayouts;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (tokens < 1 || promptTokens < 1 || prefillTokens < 1 || qualityTokens < 0 || repeat < 1) {
                throw new IllegalArgumentException("--tokens, --prompt-tokens e --prefill-tokens devem ser ≥ 1");
            }
            if (doubleQuant && !nf4) {
                throw new IllegalArgumentException("--double-quant quantiza as constantes do NF4: use junto com --nf4");
            }
            if (!lmHead.equals("fp32") && !lmHead.equals("int8")) {
                throw new IllegalArgumentException("--lm-head aceita fp32 ou int8, não '" + lmHead + "'");
            }
            boolean headInt8 = lmHead.equals("int8");
            if (!nf4 && this.format.contains(",")) return compareFormats(headInt8);
            String decodeFormat = DecodeBenchmark.formatName(nf4 ? (doubleQuant ? "nf4-dq" : "nf4") : this.format);
            try (CausalLm model = open()) {
                // Same run, same machine state: the bandwidth that bounds this decode is measured now.
                boolean measured = bandwidthGbs == null;
                double bandwidth = measured ? DecodeBenchmark.measureReadBandwidthGbs() : bandwidthGbs;
                var bench = new DecodeBenchmark(model, seed, repeat);
                boolean quantized = !decodeFormat.equals("fp32") || headInt8;
                float[][] reference = null;
                long[] qualityPrompt = bench.prompt(promptTokens);
                long[] qualityTokensIds = null;
                if (quantized && qualityTokens > 0) {
                    qualityTokensIds = bench.greedyContinuation(qualityPrompt, qualityTokens);
                    reference = bench.forcedLogits(qualityPrompt, qualityTokensIds);
                }
                String format = "fp32";
                if (quantized) {
                    double bits = DecodeBenchmark.quantize(model, decodeFormat, headInt8);
                    format = decodeFormat.equals("fp32") ? "fp32"
                            : String.format(Locale.ROOT, "%s (%.2f bits/peso nas projeções)", decodeFormat, bits);
                }
                ProgressSink progress = json ? ProgressSink.NONE : new ProgressSink() {
                    @Override
                    public void update(long done, long total, String message) {
                        if (message != null) System.err.println("… " + message);
                    }

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }
                };
                // Comparing needs the Java step on for the main run, also for float32 (where it is off by default).
                if (compareLibtorch) model.fusedDecode().setEnabled(true);
                var r = bench.run(tokens, promptTokens, prefillTokens,
                        noCacheTokens == null ? tokens : noCacheTokens, compareLayouts, progress);
                DecodeBenchmark.Agreement agreement = reference == null ? null
                        : DecodeBenchmark.agreement(reference, bench.forcedLogits(qualityPrompt, qualityTokensIds));
                boolean fused = model.decodesFused();
                String path = DecodeBenchmark.decodePath(model);
                double libtorchTps = Double.NaN;
                if (compareLibtorch && fused) {
                    model.fusedDecode().setEnabled(false);
                    try {
                        libtorchTps = bench.decodeTokensPerSecond(tokens, promptTokens);
                    } finally {
                        model.fusedDecode().setEnabled(null);
                    }
                }
                // Each new token reads every weight once: bandwidth / bytes is the ceiling on tokens/s.
                long bytesPerToken = model.decodeBytesPerToken();
                double bound = bandwidth * 1e9 / bytesPerToken;
                if (json) {
                    ObjectNode out = new ObjectMapper().createObjectNode();
                    out.put("tokens_per_s_cache", r.tokensPerSecondCache());
                    out.put("tokens_per_s_no_cache", r.tokensPerSecondNoCache());
                    out.put("prefill_tokens_per_s", r.prefillTokensPerSecond());
                    out.put("weights_bytes", r.weightsBytes());
                    out.put("new_tokens", r.newTokens());
                    out.put("prompt_tokens", r.promptTokens());
                    out.put("prefill_tokens", r.prefillTokens());
                    out.put("cache_speedup", r.cacheSpeedup());
                    if (compareLayouts) out.put("tokens_per_s_cache_concat", r.tokensPerSecondCacheConcat());
                    out.put("model", model.name());
                    out.put("weights_format", format);
                    out.put("bandwidth_gb_per_s", bandwidth);
                    out.put("bandwidth_measured", measured);
                    out.put("bound_tokens_per_s", bound);
                    out.put("fraction_of_bound", r.tokensPerSecondCache() / bound);
                    out.put("format", decodeFormat);
                    out.put("lm_head", lmHead);
                    out.put("decode_path", path);
                    out.put("bytes_per_token", bytesPerToken);
                    out.put("repeats", Math.max(1, repeat));
                    if (compareLibtorch) {
                        out.put("tokens_per_s_libtorch", libtorchTps);
                        out.put("fused_vs_libtorch", r.tokensPerSecondCache() / libtorchTps);
                    }
                    if (agreement != null) {
                        out.put("quality_steps", agreement.steps());
                        out.put("top1_agreement_vs_fp32", agreement.top1());
                        out.put("mean_kl_vs_fp32", agreement.meanKl());
                    }
                    System.out.println(out);
                } else {
                    System.out.printf(Locale.ROOT, "%s, pesos %.0f MB, %d tokens novos%n", model.name(),
                            r.weightsBytes() / 1e6, r.newTokens());
                    System.out.printf(Locale.ROOT, "formato dos pesos: %s; lm_head %s; caminho: %s%n", format, lmHead, path);
                    System.out.printf(Locale.ROOT, "bytes lidos por token: %.1f MB; banda de leitura %s: %.1f GB/s%n",
                            bytesPerToken / 1e6, measured ? "medida agora" : "informada", bandwidth);
                    System.out.printf(Locale.ROOT, "com cache KV:  %.2f tokens/s (limite da banda: %.1f tokens/s; "
                            + "%.0f%% do limite)%n", r.tokensPerSecondCache(), bound, 100 * r.tokensPerSecondCache() / bound);
                    if (compareLibtorch) {
                        System.out.printf(Locale.ROOT, "libtorch (desquantiza e multiplica): %.2f tokens/s (fundido %.2f×)%n",
                                libtorchTps, r.tokensPerSecondCache() / libtorchTps);
                    }
                    if (agreement != null) {
                        System.out.printf(Locale.ROOT, "vs FP32 em %d passos: top-1 igual em %.1f%%, KL médio %.5f%n",
                                agreement.steps(), 100 * agreement.top1(), agreement.meanKl());
                    }
                    if (compareLayouts) {
                        System.out.printf(Locale.ROOT, "cache por concatenação: %.2f tokens/s%n", r.tokensPerSecondCacheConcat());
                    }
                    System.out.printf(Locale.ROOT, "sem cache:     %.2f tokens/s (cache %.1f× mais rápido)%n",
                            r.tokensPerSecondNoCache(), r.cacheSpeedup());
                    System.out.printf(Locale.ROOT, "prefill:       %.1f tokens/s (%d tokens)%n", r.prefillTokensPerSecond(),
                            r.prefillTokens());
                }
            }
            return 0;
        });
    }

    /** --format a,b,c: every format of the same model in one process, interleaved rounds, ratios against fp32. */
    private int compareFormats(boolean headInt8) {
        java.util.List<String> formats = java.util.Arrays.stream(format.split(",")).map(String::strip)
                .filter(f -> !f.isEmpty()).map(DecodeBenchmark::formatName).distinct().toList();
        var c = DecodeBenchmark.compareFormats(this::open, formats, headInt8, tokens, promptTokens, repeat, qualityTokens, seed,
                ProgressSink.NONE);
        double fp32 = c.fp32TokensPerSecond();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("model", c.model());
            out.put("new_tokens", c.newTokens());
            out.put("prompt_tokens", promptTokens);
            out.put("repeats", c.rounds());
            out.put("bandwidth_gb_per_s", c.bandwidthGbs());
            out.put("bandwidth_measured", true);
            out.put("kernels", br.lncc.llm.bench.decode.DecodeBenchmark.kernelsName());
            out.put("tokens_per_s_fp32_best", fp32);
            var runs = out.putArray("runs");
            for (var r : c.runs()) {
                ObjectNode o = runs.addObject();
                o.put("format", r.format());
                o.put("lm_head", r.lmHead());
                o.put("decode_path", r.decodePath());
                o.put("tokens_per_s_cache", r.tokensPerSecond());
                var rounds = o.putArray("tokens_per_s_rounds");
                for (double v : r.roundTokensPerSecond()) rounds.add(v);
                o.put("bits_per_weight", r.bitsPerWeight());
                o.put("bytes_per_token", r.bytesPerToken());
                o.put("bound_tokens_per_s", c.bandwidthGbs() * 1e9 / r.bytesPerToken());
                o.put("fraction_of_bound", c.fractionOfBound(r));
                o.put("speedup_vs_fp32", r.tokensPerSecond() / fp32);
                if (!Double.isNaN(r.top1VsFp32())) {
                    o.put("top1_agreement_vs_fp32", r.top1VsFp32());
                    o.put("mean_kl_vs_fp32", r.meanKlVsFp32());
                }
            }
            System.out.println(out);
        } else {
            System.out.printf(Locale.ROOT, "%s: %d tokens novos, %d rodadas intercaladas; banda de leitura (mediana) %.1f GB/s; %s%n",
                    c.model(), c.newTokens(), c.rounds(), c.bandwidthGbs(), DecodeBenchmark.kernelsName());
            System.out.printf(Locale.ROOT, "%-7s %-7s %-42s %9s %9s %8s %10s%n", "formato", "lm_head", "caminho", "tokens/s",
                    "× fp32", "MB/token", "do limite");
            for (var r : c.runs()) {
                System.out.printf(Locale.ROOT, "%-7s %-7s %-42s %9.2f %8.2f× %8.1f %9.0f%%%s%n", r.format(), r.lmHead(), r.decodePath(),
                        r.tokensPerSecond(), r.tokensPerSecond() / fp32, r.bytesPerToken() / 1e6, 100 * c.fractionOfBound(r),
                        Double.isNaN(r.top1VsFp32()) ? ""
                                : String.format(Locale.ROOT, "  top-1 = fp32 em %.1f%%, KL %.5f", 100 * r.top1VsFp32(), r.meanKlVsFp32()));
            }
        }
        return 0;
    }

    private CausalLm open() {
        if (source.randomGpt2Small) return Gpt2.random(Gpt2.Config.gpt2Small(), seed);
        String shape = source.randomSmollm2 ? "smollm2-135m" : source.randomQwen25 ? "qwen2.5-0.5b-instruct" : source.randomShape;
        if (shape != null) {
            var config = KnownConfigs.read(shape);
            if (Architecture.of(config) == Architecture.PHI) {
                throw new IllegalArgumentException("--random-shape: phi-2 não tem variante aleatória; use um da família Llama");
            }
            return Llama.random(LlamaConfig.fromJson(config), shape + "-random", seed);
        }
        return load(source.model);
    }

    private static CausalLm load(String idOrPath) {
        return CausalLms.load(ModelResolver.standard().resolve(idOrPath, new StderrProgress()));
    }
}
