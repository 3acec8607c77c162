package br.lncc.llm.cli;

import br.lncc.llm.text.Messages;

import br.lncc.llm.bench.decode.DecodeBenchmark;
import br.lncc.llm.bench.decode.DecodeRun;
import br.lncc.llm.hub.ModelResolver;
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
            super(DecodeRun.knownShapes());
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

    /** A median of more timed runs than this says nothing new; the bound keeps the timing arrays small. */
    static final int MAX_REPEATS = 1000;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            // Each option named with its own rule: --repeat 2147483647 used to reach an array of that size.
            CliInput.atLeast("--tokens", tokens, 1);
            CliInput.atLeast("--prompt-tokens", promptTokens, 1);
            CliInput.atLeast("--prefill-tokens", prefillTokens, 1);
            CliInput.atLeast("--quality-tokens", qualityTokens, 0);
            CliInput.between("--repeat", repeat, 1, MAX_REPEATS);
            if (noCacheTokens != null) CliInput.atLeast("--no-cache-tokens", noCacheTokens, 0);
            if (bandwidthGbs != null) CliInput.positive("--bandwidth-gbs", bandwidthGbs);
            if (doubleQuant && !nf4) throw new IllegalArgumentException(text("cli.decode.doubleQuantNeedsNf4"));
            if (!lmHead.equals("fp32") && !lmHead.equals("int8")) throw new IllegalArgumentException(text("cli.decode.lmHead", lmHead));
            boolean headInt8 = lmHead.equals("int8");
            if (!nf4 && this.format.contains(",")) return compareFormats(headInt8);
            var request = new DecodeRun.Request(subject(), nf4 ? (doubleQuant ? "nf4-dq" : "nf4") : this.format, headInt8, bandwidthGbs,
                    compareLibtorch, qualityTokens, repeat, tokens, noCacheTokens == null ? tokens : noCacheTokens, promptTokens,
                    prefillTokens, compareLayouts, seed);
            ProgressSink progress = json ? ProgressSink.NONE : new ProgressSink() {
                @Override
                public void update(long done, long total, String message) {
                    if (message != null) System.err.println("… " + message);
                }

                @Override
                public void update(long done, long total, br.lncc.llm.text.Message message) {
                    update(done, total, br.lncc.llm.text.Messages.render(CompanionCommand.language(), message));
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
            var r = DecodeRun.run(request, progress);
            // The JSON value keeps its wording (a public contract): the text line's key, always in pt-BR.
            String weightsFormat = Double.isNaN(r.bitsPerWeight()) ? "fp32"
                    : Messages.render(Messages.PT_BR, "cli.decode.bits", r.format(), fixed("%.2f", r.bitsPerWeight()));
            var m = r.result();
            if (json) {
                ObjectNode out = new ObjectMapper().createObjectNode();
                out.put("tokens_per_s_cache", m.tokensPerSecondCache());
                out.put("tokens_per_s_no_cache", m.tokensPerSecondNoCache());
                out.put("prefill_tokens_per_s", m.prefillTokensPerSecond());
                out.put("weights_bytes", m.weightsBytes());
                out.put("new_tokens", m.newTokens());
                out.put("prompt_tokens", m.promptTokens());
                out.put("prefill_tokens", m.prefillTokens());
                out.put("cache_speedup", m.cacheSpeedup());
                if (compareLayouts) out.put("tokens_per_s_cache_concat", m.tokensPerSecondCacheConcat());
                out.put("model", r.model());
                out.put("weights_format", weightsFormat);
                out.put("bandwidth_gb_per_s", r.bandwidthGbs());
                out.put("bandwidth_measured", r.bandwidthMeasured());
                out.put("bound_tokens_per_s", r.boundTokensPerSecond());
                out.put("fraction_of_bound", r.fractionOfBound());
                out.put("format", r.format());
                out.put("lm_head", lmHead);
                out.put("decode_path", r.decodePath());
                out.put("bytes_per_token", r.bytesPerToken());
                out.put("repeats", r.repeats());
                out.put("loaded_straight", r.memory().loadedStraight());
                out.put("rss_before_load_mib", r.memory().beforeLoadMiB());
                out.put("load_peak_rss_mib", r.memory().loadPeakMiB());
                out.put("peak_rss_mib", r.memory().runPeakMiB());
                out.put("peak_rss_method", r.memory().method());
                if (compareLibtorch) {
                    out.put("tokens_per_s_libtorch", r.libtorchTokensPerSecond());
                    out.put("fused_vs_libtorch", m.tokensPerSecondCache() / r.libtorchTokensPerSecond());
                }
                if (r.agreement() != null) {
                    out.put("quality_steps", r.agreement().steps());
                    out.put("top1_agreement_vs_fp32", r.agreement().top1());
                    out.put("mean_kl_vs_fp32", r.agreement().meanKl());
                }
                System.out.println(out);
                return 0;
            }
            System.out.println(text("cli.decode.model", r.model(), fixed("%.0f", m.weightsBytes() / 1e6), m.newTokens()));
            System.out.println(text("cli.decode.format", Double.isNaN(r.bitsPerWeight()) ? "fp32"
                    : text("cli.decode.bits", r.format(), fixed("%.2f", r.bitsPerWeight())), lmHead, r.decodePath()));
            System.out.println(text("cli.decode.bytes", fixed("%.1f", r.bytesPerToken() / 1e6),
                    text(r.bandwidthMeasured() ? "cli.decode.measured" : "cli.decode.given"), fixed("%.1f", r.bandwidthGbs())));
            System.out.println(text("cli.decode.cache", fixed("%.2f", m.tokensPerSecondCache()), fixed("%.1f", r.boundTokensPerSecond()),
                    fixed("%.0f", 100 * r.fractionOfBound())));
            if (compareLibtorch) {
                System.out.println(text("cli.decode.libtorch", fixed("%.2f", r.libtorchTokensPerSecond()),
                        fixed("%.2f", m.tokensPerSecondCache() / r.libtorchTokensPerSecond())));
            }
            if (r.agreement() != null) {
                System.out.println(text("cli.decode.agreement", r.agreement().steps(), fixed("%.1f", 100 * r.agreement().top1()),
                        fixed("%.5f", r.agreement().meanKl())));
            }
            if (compareLayouts) System.out.println(text("cli.decode.concat", fixed("%.2f", m.tokensPerSecondCacheConcat())));
            System.out.println(text("cli.decode.noCache", fixed("%.2f", m.tokensPerSecondNoCache()), fixed("%.1f", m.cacheSpeedup())));
            System.out.println(text("cli.decode.prefill", fixed("%.1f", m.prefillTokensPerSecond()), m.prefillTokens()));
            if (r.memory().runPeakMiB() >= 0) {
                System.out.println(text(r.memory().loadedStraight() ? "cli.decode.memoryStraight" : "cli.decode.memory",
                        fixed("%.0f", r.memory().beforeLoadMiB()), fixed("%.0f", r.memory().loadPeakMiB()),
                        fixed("%.0f", r.memory().runPeakMiB())));
            }
            return 0;
        });
    }

    /** --format a,b,c: every format of the same model in one process, interleaved rounds, ratios against fp32. */
    private int compareFormats(boolean headInt8) {
        java.util.List<String> formats = java.util.Arrays.stream(format.split(",")).map(String::strip)
                .filter(f -> !f.isEmpty()).map(DecodeBenchmark::formatName).distinct().toList();
        var c = DecodeRun.compareFormats(subject(), formats, headInt8, tokens, promptTokens, repeat, qualityTokens, seed,
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
            out.put("rss_before_load_mib", c.memory().beforeLoadMiB());
            out.put("load_peak_rss_mib", c.memory().loadPeakMiB());
            out.put("peak_rss_mib", c.memory().runPeakMiB());
            out.put("peak_rss_method", c.memory().method());
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
                o.put("rss_added_mib", r.residentAddedMiB());
                if (!Double.isNaN(r.top1VsFp32())) {
                    o.put("top1_agreement_vs_fp32", r.top1VsFp32());
                    o.put("mean_kl_vs_fp32", r.meanKlVsFp32());
                }
            }
            System.out.println(out);
        } else {
            System.out.println(text("cli.decode.compare", c.model(), c.newTokens(), c.rounds(), fixed("%.1f", c.bandwidthGbs()),
                    DecodeBenchmark.kernelsName()));
            System.out.printf(Locale.ROOT, "%-7s %-7s %-42s %9s %9s %8s %10s%n", text("cli.decode.col.format"), "lm_head",
                    text("cli.decode.col.path"), "tokens/s", "× fp32", "MB/token", text("cli.decode.col.ofBound"));
            for (var r : c.runs()) {
                System.out.printf(Locale.ROOT, "%-7s %-7s %-42s %9.2f %8.2f× %8.1f %9.0f%%%s%n", r.format(), r.lmHead(), r.decodePath(),
                        r.tokensPerSecond(), r.tokensPerSecond() / fp32, r.bytesPerToken() / 1e6, 100 * c.fractionOfBound(r),
                        Double.isNaN(r.top1VsFp32()) ? ""
                                : "  " + text("cli.decode.top1", fixed("%.1f", 100 * r.top1VsFp32()), fixed("%.5f", r.meanKlVsFp32())));
            }
            if (c.memory().runPeakMiB() >= 0) {
                System.out.println(text("cli.decode.compareMemory", fixed("%.0f", c.memory().beforeLoadMiB()),
                        fixed("%.0f", c.memory().loadPeakMiB()), fixed("%.0f", c.memory().runPeakMiB())));
            }
        }
        return 0;
    }

    /** The model the options name; a Hub id or folder is resolved (downloaded if needed) once. */
    private DecodeRun.Subject subject() {
        if (source.randomGpt2Small) return new DecodeRun.Subject.RandomGpt2Small();
        String shape = source.randomSmollm2 ? "smollm2-135m" : source.randomQwen25 ? "qwen2.5-0.5b-instruct" : source.randomShape;
        if (shape != null) return new DecodeRun.Subject.RandomShape(shape);
        return new DecodeRun.Subject.Folder(ModelResolver.standard().resolve(source.model, new StderrProgress()));
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }

    private static String fixed(String format, Object... values) {
        return CompanionCommand.fixed(format, values);
    }
}
