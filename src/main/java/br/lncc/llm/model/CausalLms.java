package br.lncc.llm.model;

import br.lncc.llm.session.ModelFormat;
import br.lncc.llm.session.ModelLease;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.session.SessionKey;
import br.lncc.llm.session.SizedModel;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.model.kernel.DecodeFormat;
import java.nio.file.Path;

/**
 * Opens a Hugging Face model folder as whichever {@link CausalLm} its config.json names
 * ({@code model_type} / {@code architectures}): GPT-2, the Llama family or Phi.
 */
public final class CausalLms {
    private CausalLms() {}

    public static CausalLm load(Path folder) {
        Architecture arch = Architecture.of(Checkpoint.readConfig(folder));
        return switch (arch) {
            case GPT2 -> Gpt2.load(folder);
            case LLAMA, QWEN2, SMOLLM3 -> Llama.load(folder);
            case PHI -> Phi.load(folder);
        };
    }

    /**
     * The model of {@code folder} with its projection matrices in {@code format}, loaded straight
     * into it tensor by tensor (peak ≈ the packed model + one float32 tensor, what lets a 3B model
     * load in 4 bits on an 8 GB laptop): GPT-2 and the Llama family.
     */
    public static CausalLm load(Path folder, DecodeFormat format) {
        if (format == DecodeFormat.FP32) return load(folder);
        Architecture arch = Architecture.of(Checkpoint.readConfig(folder));
        return switch (arch) {
            case GPT2 -> Gpt2.load(folder, format);
            case LLAMA, QWEN2, SMOLLM3 -> Llama.load(folder, format);
            case PHI -> throw new IllegalArgumentException("Phi has no quantized decode path: " + folder);
        };
    }

    /** A causal LM and its tokenizer, opened and closed together. */
    public record Opened(CausalLm model, TextTokenizer tokenizer) implements AutoCloseable, SizedModel {
        /** Bytes of the parameter arrays as held (float32: 4 per parameter). */
        @Override
        public long estimatedBytes() {
            long bytes = 0;
            for (var a : model.parameters().values()) bytes += a.size() * a.getDataType().getNumOfBytes();
            return bytes;
        }

        @Override
        public void close() {
            model.close();
            tokenizer.close();
        }
    }

    /**
     * Opens a folder's tokenizer and weights and checks that they belong together; on any
     * failure nothing stays open.
     */
    public static Opened loadWithTokenizer(Path folder) {
        return loadWithTokenizer(folder, DecodeFormat.FP32);
    }

    /** As {@link #loadWithTokenizer(Path)}, the projections in {@code format} ({@link #load(Path, DecodeFormat)}). */
    public static Opened loadWithTokenizer(Path folder, DecodeFormat format) {
        TextTokenizer tokenizer = TextTokenizer.fromFolder(folder);
        try {
            CausalLm model = load(folder, format);
            try {
                requireTokenizerFits(tokenizer, model);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return new Opened(model, tokenizer);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /**
     * The float32 model of {@code folder} with its tokenizer, shared through
     * {@link ModelSessions#app()}: every page and command that leases the same folder gets the same
     * copy (Cap. 4's lab, Cap. 7's LoRA base, Cap. 8's judge), freed when the last lease closes.
     * Call on a background thread; close the lease, never the model.
     *
     * @param holder who holds it, as the model manager lists it (a section number, a command)
     */
    public static ModelLease<Opened> lease(Path folder, String holder) {
        return ModelSessions.app().lease(SessionKey.of(folder, ModelFormat.FP32), holder, Opened.class,
                () -> loadWithTokenizer(folder));
    }

    /**
     * Refuses a tokenizer that can produce ids the model has no embedding row for. A model may
     * have more rows than the tokenizer has tokens (Qwen pads 151,665 tokens to 151,936 rows), never fewer.
     */
    public static void requireTokenizerFits(TextTokenizer tokenizer, CausalLm model) {
        int tokens = tokenizer.vocabSize();
        if (tokens > model.vocabSize()) {
            throw new ModelException("model.tokenizerTooBig", new Object[] {String.valueOf(tokens), model.name(), String.valueOf(model.vocabSize())},
                    "tokenizer vocab " + tokens + " > vocab_size " + model.vocabSize());
        }
    }
}
