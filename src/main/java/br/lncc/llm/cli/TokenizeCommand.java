package br.lncc.llm.cli;

import br.lncc.llm.hub.HfCache;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.tokenize.Gpt2Bpe;
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
@Command(name = "tokenize", mixinStandardHelpOptions = true)
public final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--text", required = true)
    String text;

    @Option(names = "--no-special")
    boolean noSpecial;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (text.isEmpty()) throw new ModelException("cli.text.empty", new Object[0], "--text");
            if (Gpt2Bpe.isGpt2Id(model) && !gpt2InCache(model)) {
                // The GPT-2 BPE ships inside the app (jtokkit's r50k_base is the same 50,257 tokens and
                // merges): tokenizing needs no 548 MB download, and works offline in class.
                System.err.println(CompanionCommand.text("cli.tokenize.embeddedGpt2", model.strip()));
                int[] ids = Gpt2Bpe.encode(text);
                print(Gpt2Bpe.byteLevelTokens(ids), java.util.Arrays.stream(ids).asLongStream().toArray(),
                        "gpt2-bpe-embedded");
                return 0;
            }
            try (TextTokenizer tokenizer = TextTokenizer.fromFolder(folderOf(model))) {
                var e = tokenizer.encode(text, !noSpecial);
                print(e.tokens(), e.ids(), "tokenizer.json");
            }
            return 0;
        });
    }

    /** {@code tokenizer} says which tokenizer answered (a field added to the contract's tokens/ids). */
    private void print(String[] tokens, long[] ids, String tokenizer) {
        if (json) {
            ObjectNode out = new ObjectMapper().createObjectNode();
            var t = out.putArray("tokens");
            for (String s : tokens) t.add(s);
            var i = out.putArray("ids");
            for (long id : ids) i.add(id);
            out.put("tokenizer", tokenizer);
            System.out.println(out);
        } else {
            for (int i = 0; i < ids.length; i++) {
                System.out.printf(Locale.ROOT, "%02d  %-16s %d%n", i, tokens[i], ids[i]);
            }
            System.out.println(ids.length + " tokens");
        }
    }

    private static boolean gpt2InCache(String id) {
        String repo = HubClient.repoIdFromInput(id);
        HubClient client = new HubClient(HubConfig.forApp());
        return client.cachedModel(repo, HfCache.DEFAULT_REVISION).isPresent()
                || (!repo.contains("/") && client.cachedModel("openai-community/" + repo, HfCache.DEFAULT_REVISION).isPresent());
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
