package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Tokens and ids of a text with any model's tokenizer.json (Cap. 2.2). */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokeniza um texto com o tokenizer.json de qualquer modelo (BERT, GPT-2, T5...).")
public final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true,
            description = "bert-base-uncased (embutido), uma pasta com tokenizer.json ou um id do Hugging Face")
    String model;

    @Option(names = "--text", required = true, description = "texto a tokenizar")
    String text;

    @Option(names = "--no-special", description = "não acrescentar tokens especiais ([CLS]/[SEP] no BERT)")
    boolean noSpecial;

    @Option(names = "--json", description = "saída JSON {\"tokens\":[...],\"ids\":[...]}")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (text.isEmpty()) throw new ModelException("o texto está vazio: escreva algo para tokenizar");
            try (TextTokenizer tokenizer = TextTokenizer.fromFolder(folderOf(model))) {
                var e = tokenizer.encode(text, !noSpecial);
                if (json) {
                    ObjectNode out = new ObjectMapper().createObjectNode();
                    var tokens = out.putArray("tokens");
                    for (String t : e.tokens()) tokens.add(t);
                    var ids = out.putArray("ids");
                    for (long id : e.ids()) ids.add(id);
                    System.out.println(out);
                } else {
                    for (int i = 0; i < e.size(); i++) {
                        System.out.printf(Locale.ROOT, "%02d  %-16s %d%n", i, e.tokens()[i], e.ids()[i]);
                    }
                    System.out.println(e.size() + " tokens");
                }
            }
            return 0;
        });
    }

    /** A folder that only has a tokenizer is enough here; anything else goes through model resolution. */
    private static Path folderOf(String model) {
        try {
            Path p = Path.of(model);
            if (Files.isRegularFile(p.resolve(TextTokenizer.FILE_NAME))) return p;
        } catch (RuntimeException ignored) {
            // not a path: an id
        }
        return ModelResolver.standard().resolve(model, new StderrProgress());
    }
}
