package br.lncc.llm.bench;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a benchmark model from a folder or a Hub id (HF cache first, download otherwise); the
 * folder's config.json picks our implementation (GPT-2, Llama family, Phi).
 */
public final class ModelOpener implements CompleterLoader {
    private final ModelResolver resolver;

    public ModelOpener(ModelResolver resolver) {
        this.resolver = resolver;
    }

    public static ModelOpener standard() {
        return new ModelOpener(ModelResolver.standard());
    }

    @Override
    public TextCompleter open(String idOrPath, ProgressSink progress) {
        Path folder = resolver.resolve(idOrPath, progress);
        // results are named after what the user typed (the Hub id), or the folder's name
        String name = Files.isDirectory(Path.of(idOrPath))
                ? Path.of(idOrPath).toAbsolutePath().normalize().getFileName().toString()
                : idOrPath;
        TextTokenizer tokenizer = TextTokenizer.fromFolder(folder);
        try {
            CausalLm model = CausalLms.load(folder);
            try {
                CausalLms.requireTokenizerFits(tokenizer, model);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return new CausalLmCompleter(model, tokenizer, name);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }
}
