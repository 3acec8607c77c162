package br.lncc.llm.lesson.ch06;

import br.lncc.llm.model.Gpt2;
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

    /**
     * @param resume continue the checkpoint in {@code out} (its settings; {@code settings.schedule().steps()} may extend it)
     * @param corpusLicense and {@code corpusSource}: written in the model card ("" when unknown)
     */
    public record Request(Path corpus, PretrainSettings settings, Path out, boolean resume, String corpusLicense,
            String corpusSource) {}

    /** @param quality null when the run stopped before its last step */
    public record Outcome(Pretraining.Result result, ModelQuality quality, Path folder) {}

    public static Outcome run(Request request, Pretraining.Listener listener, ProgressSink progress) {
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
    public static Outcome run(PretrainCorpus corpus, PretrainSettings settings, Path out, Pretraining.Listener listener,
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

    /** What a model of this shape needs to train, shown before it starts (the page's size presets). */
    public static Pretraining.MemoryEstimate estimate(PretrainSettings.ModelShape shape, int vocabSize, int batch) {
        return Pretraining.MemoryEstimate.of(shape.config(vocabSize), batch);
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

    /** Parameters of a GPT-2 of this shape and vocabulary (tied head counted once). */
    public static long parameters(PretrainSettings.ModelShape shape, int vocabSize) {
        Gpt2.Config c = shape.config(vocabSize);
        return c.uniqueParameters();
    }
}
