package br.lncc.llm.lesson.ch06;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.train.ModelQuality;
import br.lncc.llm.train.PretrainCheckpoint;
import br.lncc.llm.train.PretrainCorpus;
import br.lncc.llm.train.PretrainSettings;
import br.lncc.llm.train.Pretraining;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cap. 6.1–6.4 "Pré-treino do zero": the workflow the page and {@code companion pretrain} share —
 * read the corpus, learn the tokenizer, build a GPT-2 of the chosen size (refused before any
 * allocation when it does not fit in memory), train with live curves and samples, save a
 * Hugging Face folder, and, when the run completes, measure what the model writes (20 samples at
 * τ = 0.2, 0.8, 1.5) into its model card.
 */
public final class PretrainLab {
    private PretrainLab() {}

    /**
     * What a run is asked for, in the terms the page's fields and the CLI's options use; the façade
     * turns it into the engine's settings (and its checks into messages).
     *
     * @param tokenizer "char" or "bpe:N"
     * @param evalEvery steps between evaluations and checkpoints, or null for steps/20 (10 to 250)
     */
    public record Plan(String tokenizer, int layers, int heads, int dim, int context, int steps, int batch, double lr, long seed,
            Integer evalEvery) {
        public PretrainSettings settings() {
            var schedule = PretrainSettings.Schedule.of(steps, batch, lr, seed);
            if (evalEvery != null) schedule = schedule.withCadence(evalEvery, 2 * evalEvery);
            return new PretrainSettings(PretrainSettings.TokenizerChoice.parse(tokenizer),
                    new PretrainSettings.ModelShape(layers, heads, dim, context), schedule);
        }
    }

    /** A named size of the page: layers, heads, width and context, with the schedule that suits it. */
    public record Preset(String key, int layers, int heads, int dim, int context, int steps, int batch, double lr) {
        /** ~1 M parameters with a 2k vocabulary: trains in minutes on a laptop. */
        public static final Preset TINY = of("pretrain.preset.tiny", PretrainSettings.ModelShape.TINY, 600, 16, 1.5e-3);
        /** ~10 M parameters with a 2k vocabulary. */
        public static final Preset SMALL = of("pretrain.preset.small", PretrainSettings.ModelShape.SMALL, 2000, 16, 6e-4);

        private static Preset of(String key, PretrainSettings.ModelShape s, int steps, int batch, double lr) {
            return new Preset(key, s.layers(), s.heads(), s.dim(), s.context(), steps, batch, lr);
        }
    }

    /** What a size costs before anything is allocated: parameters, float32 weights, and the whole training run. */
    public record SizeEstimate(long parameters, int vocabSize, long weightBytes, long totalBytes) {}

    /**
     * Parameters and training memory of {@code plan}'s shape and batch, with the vocabulary its
     * tokenizer will have (BPE: its size + {@code <|endoftext|>}; characters: ~100, a guess before the corpus is read).
     */
    public static SizeEstimate estimate(Plan plan) {
        var settings = plan.settings();
        int vocab = settings.tokenizer() instanceof PretrainSettings.TokenizerChoice.Bpe b ? b.size() + 1 : 100;
        var est = Pretraining.MemoryEstimate.of(settings.shape().config(vocab), settings.schedule().batch());
        return new SizeEstimate(est.parameters(), vocab, est.weightBytes(), est.totalBytes());
    }

    /** A corpus as the page describes it before training. */
    public record CorpusInfo(String name, long chars, long utf8Bytes) {}

    public static CorpusInfo describe(CorpusSource source) {
        PretrainCorpus c = source.read();
        return new CorpusInfo(c.name(), c.text().codePointCount(0, c.text().length()), c.utf8Bytes());
    }

    /** What a run reports as it goes, in order: merges (BPE only), Prepared, then Steps with Evals and Samples. */
    public sealed interface Event {
        /**
         * A BPE merge as it is learned: ids {@code left} + {@code right} became {@code id}, seen {@code count}
         * times; the texts show the byte strings (␣ for a space, ⏎ for a newline, &lt;0xNN&gt; for bytes that are no character).
         */
        record Merge(int rank, int left, int right, int id, long count, String leftText, String rightText, String mergedText)
                implements Event {}

        /** The run before its first step; {@code compression} is UTF-8 bytes per token. */
        record Prepared(String corpusName, long corpusChars, long trainTokens, long valTokens, int vocabSize, String tokenizer,
                long parameters, long memoryBytes, double unigramEntropy, double lnVocab, double compression, List<String> prompts,
                int startStep) implements Event {}

        record Step(int step, int totalSteps, double loss, double tokensPerSecond, double etaSeconds) implements Event {}

        record Eval(int step, double trainLoss, double valLoss) implements Event {}

        record Sample(int step, String prompt, String continuation) implements Event {}

        /** Training is over; {@code samples} texts (20 per τ) are written to measure what the model learned. */
        record Measuring(int samples) implements Event {}
    }

    /** The engine's listener that forwards every event to {@code events} (on the training thread). */
    static Pretraining.Listener forward(java.util.function.Consumer<Event> events) {
        return new Pretraining.Listener() {
            // The bytes of every id so far: 0–255 are themselves, each merge is the concatenation of its pair.
            private final List<byte[]> pieces = new java.util.ArrayList<>();

            @Override
            public void onMerge(br.lncc.llm.tokenize.ByteLevelBpe.Merge m) {
                if (pieces.isEmpty()) for (int b = 0; b < 256; b++) pieces.add(new byte[] {(byte) b});
                byte[] l = pieces.get(m.left()), r = pieces.get(m.right());
                byte[] merged = java.util.Arrays.copyOf(l, l.length + r.length);
                System.arraycopy(r, 0, merged, l.length, r.length);
                pieces.add(merged);
                events.accept(new Event.Merge(m.rank(), m.left(), m.right(), m.id(), m.count(), shown(l), shown(r), shown(merged)));
            }

            @Override
            public void onPrepared(Pretraining.Prepared p) {
                events.accept(new Event.Prepared(p.corpusName(), p.corpusChars(), p.trainTokens(), p.valTokens(), p.vocabSize(),
                        p.tokenizerSpec(), p.parameters(), p.memory().totalBytes(), p.unigramEntropy(), p.lnVocab(), p.compression(),
                        p.prompts(), p.startStep()));
            }

            @Override
            public void onStep(Pretraining.StepPoint s) {
                events.accept(new Event.Step(s.step(), s.totalSteps(), s.loss(), s.tokensPerSecond(), s.etaSeconds()));
            }

            @Override
            public void onEval(Pretraining.EvalPoint e) {
                events.accept(new Event.Eval(e.step(), e.trainLoss(), e.valLoss()));
            }

            @Override
            public void onSample(Pretraining.SamplePoint s) {
                events.accept(new Event.Sample(s.step(), s.prompt(), s.continuation()));
            }

            @Override
            public void onMeasuringQuality(int samples) {
                events.accept(new Event.Measuring(samples));
            }
        };
    }

    /** Bytes as text to read: UTF-8 where they form characters, ␣ and ⏎ for space and newline, &lt;0xNN&gt; otherwise. */
    static String shown(byte[] bytes) {
        var out = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int len = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF8 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
            boolean whole = len > 0 && i + len <= bytes.length;
            for (int k = 1; whole && k < len; k++) whole = (bytes[i + k] & 0xC0) == 0x80;
            if (!whole) {
                out.append(String.format(java.util.Locale.ROOT, "<0x%02X>", b));
                i++;
                continue;
            }
            String ch = new String(bytes, i, len, java.nio.charset.StandardCharsets.UTF_8);
            out.append(ch.equals(" ") ? "␣" : ch.equals("\n") ? "⏎" : ch.equals("\t") ? "⇥" : b < 0x20 ? String.format(java.util.Locale.ROOT, "<0x%02X>", b) : ch);
            i += len;
        }
        return out.toString();
    }

    /** The final numbers of a run (the CLI's JSON); {@code completed} is false when it was cancelled. */
    public record Summary(long parameters, int vocabSize, int steps, double finalTrainLoss, double finalValLoss, double unigramEntropy,
            double lnVocab, double tokensPerSecond, double seconds, boolean completed) {
        static Summary of(Pretraining.Result r) {
            return new Summary(r.parameters(), r.vocabSize(), r.steps(), r.finalTrainLoss(), r.finalValLoss(), r.unigramEntropy(),
                    r.lnVocab(), r.tokensPerSecond(), r.seconds(), r.completed());
        }
    }

    /** A run of the page: {@code plan} on {@code source}, saved into {@code out}; events as they happen. */
    public static Summary run(CorpusSource source, Plan plan, Path out, java.util.function.Consumer<Event> events, ProgressSink progress) {
        return Summary.of(run(source.read(), plan.settings(), out, forward(events), progress).result());
    }

    /** A run of the CLI: {@code companion pretrain}'s options, {@code resume} continuing {@code out}'s checkpoint. */
    public static Summary run(Path corpus, Plan plan, Path out, boolean resume, String corpusLicense, String corpusSource,
            java.util.function.Consumer<Event> events, ProgressSink progress) {
        var request = new Request(corpus, plan.settings(), out, resume, corpusLicense, corpusSource);
        return Summary.of(run(request, forward(events), progress).result());
    }

    /** Model files of a run folder (not its optimizer state): what "Save" copies into a folder of the student's. */
    public static final List<String> MODEL_FILES = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "model.safetensors", "README.md");

    /** Copies the run's model files (not its optimizer state) into {@code target} and lists it in the model manager. */
    public static Path saveCopy(Path runFolder, Path target) throws IOException {
        Files.createDirectories(target);
        for (String f : MODEL_FILES) {
            Files.copy(runFolder.resolve(f), target.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        br.lncc.llm.hub.ModelCatalog.standard().importFolder(target);
        return target;
    }

    /**
     * @param resume continue the checkpoint in {@code out} (its settings; {@code settings.schedule().steps()} may extend it)
     * @param corpusLicense and {@code corpusSource}: written in the model card ("" when unknown)
     */
    record Request(Path corpus, PretrainSettings settings, Path out, boolean resume, String corpusLicense,
            String corpusSource) {}

    /** @param quality null when the run stopped before its last step */
    record Outcome(Pretraining.Result result, ModelQuality quality, Path folder) {}

    static Outcome run(Request request, Pretraining.Listener listener, ProgressSink progress) {
        PretrainCorpus corpus = PretrainCorpus.read(request.corpus());
        try (Pretraining run = request.resume()
                ? Pretraining.resume(request.out(), corpus, request.settings().schedule().steps(), listener)
                : Pretraining.start(corpus, request.settings(), listener, progress::isCancelled, availableMemoryBytes())) {
            if (!request.resume() || !request.corpusLicense().isEmpty()) run.describeCorpus(request.corpusLicense(), request.corpusSource());
            Pretraining.Result result = run.run(request.out(), progress);
            ModelQuality quality = null;
            if (result.completed()) {
                quality = run.measureQuality();
                PretrainCheckpoint.save(request.out(), run, quality);
            }
            return new Outcome(result, quality, request.out());
        }
    }

    /** The Debian package focalinux-text's guides, when installed (the course model's corpus). */
    public static final Path FOCALINUX = Path.of("/usr/share/doc/focalinux/text");
    private static final List<String> FOCALINUX_LEVELS = List.of("iniciante", "intermediario", "avancado");

    /** Where the corpus of a run comes from: a file, the app's own texts, or the Guia Foca if installed. */
    public sealed interface CorpusSource {
        PretrainCorpus read();

        record File(Path path) implements CorpusSource {
            @Override
            public PretrainCorpus read() {
                return PretrainCorpus.read(path);
            }
        }

        /**
         * The pt-BR texts of the app's own message bundles (~60 KB written by the project):
         * always available, small enough for a tiny model to learn words in a minute.
         */
        record AppTexts() implements CorpusSource {
            @Override
            public PretrainCorpus read() {
                var out = new StringBuilder();
                for (String bundle : APP_BUNDLES) {
                    try (InputStream in = PretrainLab.class.getResourceAsStream("/br/lncc/llm/" + bundle + ".properties")) {
                        if (in == null) continue;
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            int eq = line.indexOf('=');
                            if (line.startsWith("#") || eq < 0) continue;
                            // MessageFormat's doubled apostrophes and placeholders are not prose.
                            String value = line.substring(eq + 1).replace("''", "'").replaceAll("\\{[^}]*}", "…").strip();
                            if (!value.isEmpty()) out.append(value).append('\n');
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return PretrainCorpus.of("textos-do-app.txt", out.toString());
            }
        }

        /** The three guides of focalinux-text as prepared by tools/course-model/prepare-corpus.sh. */
        record Focalinux() implements CorpusSource {
            public static boolean available() {
                return Files.isRegularFile(FOCALINUX.resolve("iniciante/index.txt.gz"));
            }

            @Override
            public PretrainCorpus read() {
                var out = new StringBuilder();
                try {
                    for (String level : FOCALINUX_LEVELS) {
                        try (var in = new GZIPInputStream(Files.newInputStream(FOCALINUX.resolve(level + "/index.txt.gz")))) {
                            boolean blank = false;
                            for (String line : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\n")) {
                                String clean = line.strip().replaceAll("  +", " ");
                                if (clean.isEmpty() && blank) continue;
                                blank = clean.isEmpty();
                                out.append(clean).append('\n');
                            }
                        }
                        out.append('\n');
                    }
                } catch (IOException e) {
                    throw new br.lncc.llm.train.PretrainException(e, "pretrain.error.read", FOCALINUX, e.getMessage());
                }
                return PretrainCorpus.of("focalinux.txt", out.toString());
            }
        }
    }

    private static final List<String> APP_BUNDLES = List.of("ui/messages", "ui/i18n/bench", "ui/i18n/gen", "ui/i18n/home",
            "ui/i18n/judge", "ui/i18n/lessons", "ui/i18n/nb", "ui/i18n/prompt", "ui/i18n/train", "ui/i18n/course",
            "ui/i18n/pretrain", "text/messages", "text/io", "text/pretrain");

    /** Runs on a corpus already read (the page reads it first to show its size). */
    static Outcome run(PretrainCorpus corpus, PretrainSettings settings, Path out, Pretraining.Listener listener,
            ProgressSink progress) {
        try (Pretraining run = Pretraining.start(corpus, settings, listener, progress::isCancelled, availableMemoryBytes())) {
            Pretraining.Result result = run.run(out, progress);
            ModelQuality quality = null;
            if (result.completed()) {
                quality = run.measureQuality();
                PretrainCheckpoint.save(out, run, quality);
            }
            return new Outcome(result, quality, out);
        }
    }

    /** Memory the OS can still give (MemAvailable on Linux, else free physical memory). */
    public static long availableMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        } catch (IOException | RuntimeException ignored) {
            // Not Linux: ask the JVM.
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getFreeMemorySize();
        return Runtime.getRuntime().maxMemory();
    }
}
