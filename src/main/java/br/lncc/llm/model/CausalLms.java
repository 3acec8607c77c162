package br.lncc.llm.model;

import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.Checkpoint;
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

    /** A causal LM and its tokenizer, opened and closed together. */
    public record Opened(CausalLm model, TextTokenizer tokenizer) implements AutoCloseable {
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
        TextTokenizer tokenizer = TextTokenizer.fromFolder(folder);
        try {
            CausalLm model = load(folder);
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
     * Refuses a tokenizer that can produce ids the model has no embedding row for. A model may
     * have more rows than the tokenizer has tokens (Qwen pads 151,665 tokens to 151,936 rows), never fewer.
     */
    public static void requireTokenizerFits(TextTokenizer tokenizer, CausalLm model) {
        int tokens = tokenizer.vocabSize();
        if (tokens > model.vocabSize()) {
            throw new ModelException("o tokenizador tem " + tokens + " tokens, mas o modelo " + model.name()
                    + " só tem " + model.vocabSize() + " linhas de embedding (vocab_size do config.json): "
                    + "tokenizador e pesos não são do mesmo modelo");
        }
    }
}
