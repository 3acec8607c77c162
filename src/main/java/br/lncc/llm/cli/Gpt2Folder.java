package br.lncc.llm.cli;

import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/** A GPT-2 model folder opened for the CLI: weights and tokenizer, closed together. */
record Gpt2Folder(Path folder, Gpt2 model, TextTokenizer tokenizer) implements AutoCloseable {

    /** Opens a folder path; an id that is not a folder gets a message saying how to get it. */
    static Gpt2Folder open(String model) {
        Path folder = Path.of(model);
        if (!Files.isDirectory(folder)) {
            throw new ModelException("modelo desconhecido: '" + model + "' não é uma pasta de modelo neste computador"
                    + " (passe o caminho de uma pasta com config.json, tokenizer.json e model.safetensors,"
                    + " ou baixe o modelo do Hugging Face Hub pelo gerenciador de modelos)");
        }
        TextTokenizer tokenizer = TextTokenizer.fromFolder(folder);
        try {
            return new Gpt2Folder(folder, Gpt2.load(folder), tokenizer);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Token ids of a text, without special tokens (GPT-2 adds none anyway). */
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
