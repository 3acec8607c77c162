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
        return open(resolve(idOrPath));
    }

    /** The model's folder: as typed, from the HF cache, or downloaded with progress on stderr. */
    static Path resolve(String idOrPath) {
        return ModelResolver.standard().resolve(idOrPath, new StderrProgress());
    }

    static LoadedModel open(Path folder) {
        CausalLms.Opened opened = CausalLms.loadWithTokenizer(folder);
        return new LoadedModel(folder, opened.model(), opened.tokenizer());
    }

    /** Token ids of a text, without special tokens. */
    long[] encode(String text) {
        long[] ids = tokenizer.encode(text, false).ids();
        model.requireKnownIds(ids);
        return ids;
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
