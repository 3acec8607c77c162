package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import java.nio.file.Path;

/**
 * The folder {@code --model} names: a folder as typed, or a Hugging Face id (HF cache first, then
 * a download with progress on stderr); {@code bert-base-uncased}/{@code embedded} is the BERT
 * shipped with the app.
 */
final class ModelArgument {
    private ModelArgument() {}

    static Path folder(String idOrPath) {
        return ModelResolver.standard().resolve(idOrPath, new StderrProgress());
    }
}
