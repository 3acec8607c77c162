package br.lncc.llm.lesson.ch06;

import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.train.ModelQuality;
import br.lncc.llm.train.PretrainCheckpoint;
import br.lncc.llm.train.PretrainCorpus;
import br.lncc.llm.train.PretrainSettings;
import br.lncc.llm.train.Pretraining;
import java.io.IOException;
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
