package br.lncc.llm.lesson.ch07;

import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.Gpt2Graph;
import br.lncc.llm.train.Gpt2Weights;
import br.lncc.llm.train.LoraAdapters;
import br.lncc.llm.train.PeftAdapterFiles;
import br.lncc.llm.train.TokenCodec;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.quant.QuantFormat;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Adapters opened from a PEFT folder on top of the lab's base model, with the reference prompt
 * answered by the base alone and by the base plus adapters (Cap. 7.10–7.11: the adapter is a
 * small file that changes what the same base says). QLoRA adapters — known by our training note —
 * go back onto the NF4 base they were trained on; anything else onto the float32 base.
 */
public final class LoadedAdapters implements AutoCloseable {
    private final Path folder;
    private final Gpt2Weights weights;
    private final LoraAdapters adapters;
    private final Optional<PeftAdapterFiles.TrainingNote> note;
    private final String baseOutput;
    private final String adaptedOutput;

    private LoadedAdapters(Path folder, Gpt2Weights weights, LoraAdapters adapters, Optional<PeftAdapterFiles.TrainingNote> note,
            String baseOutput, String adaptedOutput) {
        this.folder = folder;
        this.weights = weights;
        this.adapters = adapters;
        this.note = note;
        this.baseOutput = baseOutput;
        this.adaptedOutput = adaptedOutput;
    }

    /** Opens fresh base weights from {@code source}; on any failure nothing stays open. */
    public static LoadedAdapters load(LabModelSource source, Path folder, String prompt, int maxNewTokens, ProgressSink progress) {
        var note = PeftAdapterFiles.readNote(folder);
        boolean nf4 = note.map(n -> n.method() == TrainingMethod.QLORA).orElse(false);
        progress.update(0, 3, "base " + source.name());
        Gpt2Weights weights = source.open(nf4 ? QuantFormat.NF4 : QuantFormat.FP32);
        LoraAdapters adapters = null;
        try {
            progress.checkCancelled();
            progress.update(1, 3, PeftAdapterFiles.WEIGHTS);
            adapters = PeftAdapterFiles.load(folder, weights.config(), weights.manager());
            TokenCodec codec = source.codec();
            long[] ids = codec.encode(prompt);
            if (ids.length == 0) throw new TrainingException("train.emptyPrompt", new Object[] {}, "");
            progress.update(2, 3, "base");
            String base = continuation(new Gpt2Graph(weights, null, 0), weights, codec, ids, maxNewTokens);
            progress.checkCancelled();
            String adapted = continuation(new Gpt2Graph(weights, adapters, 0), weights, codec, ids, maxNewTokens);
            progress.update(3, 3, "pronto");
            return new LoadedAdapters(folder, weights, adapters, note, base, adapted);
        } catch (RuntimeException e) {
            if (adapters != null) adapters.close();
            weights.close();
            throw e;
        }
    }

    private static String continuation(Gpt2Graph graph, Gpt2Weights w, TokenCodec codec, long[] ids, int maxNewTokens) {
        long[] out = graph.greedy(w.manager(), ids, maxNewTokens, w.config().eosTokenId());
        return codec.decode(Arrays.copyOfRange(out, ids.length, out.length));
    }

    public Path folder() {
        return folder;
    }

    /** The adapters as the page draws them (configuration, ΔW per module). */
    public AdapterSet view() {
        return new AdapterSet(adapters());
    }

    public LoraAdapters adapters() {
        return adapters;
    }

    public Gpt2Weights weights() {
        return weights;
    }

    /** How the adapters were trained, when they were trained here. */
    public Optional<PeftAdapterFiles.TrainingNote> note() {
        return note;
    }

    public String baseOutput() {
        return baseOutput;
    }

    public String adaptedOutput() {
        return adaptedOutput;
    }

    @Override
    public void close() {
        adapters.close();
        weights.close();
    }
}
