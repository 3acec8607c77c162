package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.Bert;
import br.lncc.llm.model.BertConfig;
import br.lncc.llm.model.BertInput;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;

/**
 * A BERT folder opened for a CLI command: config and tokenizer at once, weights only when a
 * command really runs the model (so bad arguments fail fast, before 440 MB are read).
 * {@code --model bert-base-uncased} (or {@code embedded}) is the BERT shipped with the app.
 */
final class LoadedBert implements AutoCloseable {
    private final Path folder;
    private final BertConfig config;
    private final TextTokenizer tokenizer;
    private Bert bert;

    private LoadedBert(Path folder, BertConfig config, TextTokenizer tokenizer) {
        this.folder = folder;
        this.config = config;
        this.tokenizer = tokenizer;
    }

    static LoadedBert open(String idOrPath) {
        Path folder = ModelResolver.standard().resolve(idOrPath, new StderrProgress());
        BertConfig config = BertConfig.read(folder);
        return new LoadedBert(folder, config, TextTokenizer.fromFolder(folder));
    }

    static void requireText(String text) {
        if (text == null || text.isBlank()) throw new ModelException("cli.text.empty", new Object[0], "--text");
    }

    BertConfig config() {
        return config;
    }

    TextTokenizer tokenizer() {
        return tokenizer;
    }

    BertInput encode(String text) {
        return BertInput.fit(tokenizer.encode(text), config.maxPositions());
    }

    Bert model() {
        if (bert == null) bert = Bert.load(folder);
        return bert;
    }

    @Override
    public void close() {
        if (bert != null) bert.close();
        tokenizer.close();
    }
}
