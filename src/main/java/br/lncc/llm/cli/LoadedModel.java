package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;

/**
 * A causal language model opened for a CLI command — weights and tokenizer, closed together.
 * {@code --model} may be a folder or a Hugging Face id (HF cache first, then download with
 * progress on stderr); config.json picks the implementation (GPT-2, Llama family, Phi).
 */
record LoadedModel(Path folder, CausalLm model, TextTokenizer tokenizer) implements AutoCloseable {

    static LoadedModel open(String idOrPath) {
        Path folder = ModelResolver.standard().resolve(idOrPath, new StderrProgress());
        TextTokenizer tokenizer = TextTokenizer.fromFolder(folder);
        try {
            CausalLm model = CausalLms.load(folder);
            try {
                CausalLms.requireTokenizerFits(tokenizer, model);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return new LoadedModel(folder, model, tokenizer);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Token ids of a text, without special tokens. */
    long[] encode(String text) {
        return tokenizer.encode(text, false).ids();
    }

    String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
