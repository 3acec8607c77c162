package br.lncc.llm.ui.notebooks;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.notebooks.N01;
import br.lncc.llm.notebooks.N02;
import br.lncc.llm.notebooks.N03;
import br.lncc.llm.task.ProgressSink;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One course notebook as the Notebooks page offers it: its id (the i18n keys follow it), the
 * models it needs, where its files go and how to run it.
 *
 * @param models          Hugging Face ids it needs (empty: only the embedded BERT)
 * @param acceptsModel    whether the page offers a model field (N03's --model)
 * @param reportsProgress whether the notebook reports progress itself (else cell headers do)
 */
record NotebookEntry(String id, List<String> models, boolean acceptsModel, boolean reportsProgress, Path outDir,
        Runner runner) {

    /** Runs the notebook, printing to {@code out}; {@code model} is null unless the page has a model field. */
    @FunctionalInterface
    interface Runner {
        void run(PrintStream out, Path outDir, String model, long seed, ProgressSink sink) throws Exception;
    }

    /** What is missing before the notebook can run every cell (empty = nothing). */
    record Availability(List<String> present, List<String> missing) {}

    static final long SEED = 42;

    static List<NotebookEntry> all() {
        Path results = AppDirs.results().resolve("notebooks");
        return List.of(
                new NotebookEntry("N01", List.of(), false, false, N01.defaultPlotDir(),
                        (out, dir, model, seed, sink) -> N01.run(out, dir, false)),
                new NotebookEntry("N02", List.of("openai-community/gpt2", "google/flan-t5-small"), false, false,
                        results.resolve("N02"), (out, dir, model, seed, sink) -> new N02(out, null, null, 80, seed).run()),
                new NotebookEntry("N03", List.of(N03.MODEL_ID), true, true, N03.defaultOutDir(),
                        (out, dir, model, seed, sink) -> new N03(out, dir, model, seed).run(sink)));
    }

    /** Looks in the HF cache (or at the typed folder); touches the disk, so call it off the FX thread. */
    Availability availability(String typedModel) {
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (acceptsModel && typedModel != null && !typedModel.isBlank()) {
            try {
                (N03.locate(typedModel.trim()).isPresent() ? present : missing).add(typedModel.trim());
            } catch (RuntimeException e) {
                missing.add(typedModel.trim());
            }
            return new Availability(present, missing);
        }
        HubClient hub = new HubClient(HubConfig.forApp());
        for (String m : models) {
            Optional<Path> p = hub.cachedModel(m, "main");
            if (p.isEmpty() && m.equals("openai-community/gpt2")) p = hub.cachedModel("gpt2", "main");
            (p.isPresent() ? present : missing).add(m);
        }
        return new Availability(present, missing);
    }
}
