package br.lncc.llm.bench.decode;

import br.lncc.llm.model.Architecture;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.KnownConfigs;
import br.lncc.llm.model.Llama;
import br.lncc.llm.model.LlamaConfig;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.model.kernel.DecodeFormat;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.platform.PeakResidentMemory;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code companion bench decode} below the CLI (Cap. 4.11): which model is decoded (a folder, or a
 * known shape with random weights), its weights' format, and the measured run with its
 * bandwidth bound. The command parses options and prints a {@link Report}; it holds no model.
 */
public final class DecodeRun {
    private DecodeRun() {}

    /** The model the bench decodes. */
    public sealed interface Subject {
        /** A Hugging Face folder of a causal LM. */
        record Folder(Path folder) implements Subject {}

        /** GPT-2 small (124M) with random weights, built in memory: speed needs no trained weights. */
        record RandomGpt2Small() implements Subject {}

        /** The shape of a built-in config.json ({@link KnownConfigs#NAMES}) with random weights; Llama family only. */
        record RandomShape(String name) implements Subject {}
    }

    /** The names {@link Subject.RandomShape} accepts. */
    public static List<String> knownShapes() {
        return KnownConfigs.NAMES;
    }

    /** A fresh float32 copy of {@code subject} (each quantized format gets its own). */
    static CausalLm open(Subject subject, long seed) {
        return open(subject, seed, DecodeFormat.FP32);
    }

    /**
     * {@code subject} with its projections in {@code format}: a folder is read straight into it,
     * tensor by tensor (peak ≈ the packed model, not the float32 one); random shapes are built in
     * float32 and quantized afterwards by the caller.
     */
    static CausalLm open(Subject subject, long seed, DecodeFormat format) {
        if (subject instanceof Subject.Folder f) return CausalLms.load(f.folder(), format);
        if (subject instanceof Subject.RandomShape s) {
            var config = KnownConfigs.read(s.name());
            if (Architecture.of(config) == Architecture.PHI) {
                throw new ModelException("benchdecode.randomPhi", new Object[] {s.name()}, "Architecture.PHI has no random variant");
            }
            return Llama.random(LlamaConfig.fromJson(config), s.name() + "-random", seed);
        }
        return Gpt2.random(Gpt2.Config.gpt2Small(), seed);
    }

    /**
     * One format, as the options ask. {@code bandwidthGbs} null: measured now (STREAM-like read);
     * {@code noCacheTokens} 0 skips the uncached round; {@code qualityTokens} 0 skips the fp32 comparison.
     */
    public record Request(Subject subject, String format, boolean lmHeadInt8, Double bandwidthGbs, boolean compareLibtorch,
            int qualityTokens, int repeat, int tokens, int noCacheTokens, int promptTokens, int prefillTokens,
            boolean compareLayouts, long seed) {}

    /**
     * What one run measured. {@code bitsPerWeight} is NaN for fp32 projections; {@code libtorchTokensPerSecond}
     * NaN unless compared; {@code agreement} null unless a quantized run was compared with fp32.
     */
    public record Report(String model, String format, String lmHead, double bitsPerWeight, String decodePath,
            DecodeBenchmark.Result result, double bandwidthGbs, boolean bandwidthMeasured, long bytesPerToken,
            double libtorchTokensPerSecond, DecodeBenchmark.Agreement agreement, int repeats, Memory memory) {

        /** Each new token reads every weight once: bandwidth / bytes is the ceiling on tokens/s. */
        public double boundTokensPerSecond() {
            return bandwidthGbs * 1e9 / bytesPerToken;
        }

        public double fractionOfBound() {
            return result.tokensPerSecondCache() / boundTokensPerSecond();
        }
    }

    /**
     * The process's resident memory around the run, in MiB (−1 where /proc is missing): before the
     * model was opened, the peak while opening it, and the peak of the whole run (open + decode).
     * {@code loadedStraight}: the folder was read straight into the packed format (no float32 copy).
     * {@code method} says how the peaks were read ({@link PeakResidentMemory.Source}).
     */
    public record Memory(double beforeLoadMiB, double loadPeakMiB, double runPeakMiB, boolean loadedStraight, String method) {
        /**
         * The run includes its load, so its peak is at least the load's. VmHWM's reset is process-wide:
         * anything else in the process that resets it between the two readings (another measurement
         * in the same JVM) would otherwise make the run's peak read lower than the load's.
         */
        public Memory {
            runPeakMiB = Math.max(runPeakMiB, loadPeakMiB);
        }
    }

    public static Report run(Request request, ProgressSink progress) {
        String format = DecodeBenchmark.formatName(request.format());
        DecodeFormat decodeFormat = DecodeFormat.fromCliName(format);
        // Quality against fp32 needs the float32 model; without it a folder loads straight into the format.
        boolean straight = request.subject() instanceof Subject.Folder && decodeFormat != DecodeFormat.FP32
                && request.qualityTokens() == 0;
        double before = PeakResidentMemory.residentMiB();
        var peak = new PeakResidentMemory();
        peak.reset();
        try (CausalLm model = open(request.subject(), request.seed(), straight ? decodeFormat : DecodeFormat.FP32)) {
            double loadPeak = peak.peakMiB();
            // Same run, same machine state: the bandwidth that bounds this decode is measured now.
            boolean measured = request.bandwidthGbs() == null;
            double bandwidth = measured ? DecodeBenchmark.measureReadBandwidthGbs() : request.bandwidthGbs();
            var bench = new DecodeBenchmark(model, request.seed(), request.repeat());
            boolean quantized = !format.equals("fp32") || request.lmHeadInt8();
            float[][] reference = null;
            long[] qualityPrompt = bench.prompt(request.promptTokens());
            long[] qualityIds = null;
            if (quantized && request.qualityTokens() > 0) {
                qualityIds = bench.greedyContinuation(qualityPrompt, request.qualityTokens());
                reference = bench.forcedLogits(qualityPrompt, qualityIds);
            }
            double bits = Double.NaN;
            if (quantized) {
                double b = DecodeBenchmark.quantize(model, format, request.lmHeadInt8());
                if (!format.equals("fp32")) bits = b;
            }
            // Comparing needs the Java step on for the main run, also for float32 (where it is off by default).
            if (request.compareLibtorch()) model.fusedDecode().setEnabled(true);
            var r = bench.run(request.tokens(), request.promptTokens(), request.prefillTokens(), request.noCacheTokens(),
                    request.compareLayouts(), progress);
            DecodeBenchmark.Agreement agreement = reference == null ? null
                    : DecodeBenchmark.agreement(reference, bench.forcedLogits(qualityPrompt, qualityIds));
            String path = DecodeBenchmark.decodePath(model);
            double libtorch = Double.NaN;
            if (request.compareLibtorch() && model.decodesFused()) {
                model.fusedDecode().setEnabled(false);
                try {
                    libtorch = bench.decodeTokensPerSecond(request.tokens(), request.promptTokens());
                } finally {
                    model.fusedDecode().setEnabled(null);
                }
            }
            var memory = new Memory(before, loadPeak, peak.peakMiB(), straight, peak.source().name());
            return new Report(model.name(), format, request.lmHeadInt8() ? "int8" : "fp32", bits, path, r, bandwidth, measured,
                    model.decodeBytesPerToken(), libtorch, agreement, Math.max(1, request.repeat()), memory);
        }
    }

    /** Several formats of {@code subject} in one process, interleaved rounds ({@link DecodeBenchmark#compareFormats}). */
    public static DecodeBenchmark.FormatComparison compareFormats(Subject subject, List<String> formats, boolean headInt8,
            int tokens, int promptTokens, int rounds, int qualityTokens, long seed, ProgressSink progress) {
        return DecodeBenchmark.compareFormats(() -> open(subject, seed), formats, headInt8, tokens, promptTokens, rounds,
                qualityTokens, seed, progress);
    }
}
