package br.lncc.llm.bench;

import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.HubException;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a benchmark model from a folder or a Hub id (HF cache first, download otherwise) and
 * picks our implementation by config.json's model_type.
 */
public final class ModelOpener implements CompleterLoader {
    private final HubConfig hub;

    public ModelOpener(HubConfig hub) {
        this.hub = hub;
    }

    public static ModelOpener standard() {
        return new ModelOpener(HubConfig.fromSystem());
    }

    @Override
    public TextCompleter open(String idOrPath, ProgressSink progress) {
        Path folder = Path.of(idOrPath);
        String name = idOrPath;
        if (!Files.isDirectory(folder)) {
            if (!HubClient.isValidRepoId(idOrPath)) {
                throw new BenchmarkException("modelo não encontrado: '" + idOrPath + "' não é uma pasta nem um id do Hugging Face (dono/nome)");
            }
            HubClient client = new HubClient(hub);
            folder = client.cachedModel(idOrPath, "main").orElseGet(() -> {
                if (hub.offline()) {
                    throw new HubException(HubException.Reason.OFFLINE, "o modelo " + idOrPath + " não está instalado e o modo offline está ligado",
                            "not in " + hub.cacheDir());
                }
                return client.download(idOrPath, "main", progress).snapshot();
            });
        } else {
            name = folder.toAbsolutePath().normalize().getFileName().toString();
        }
        return new CausalLmCompleter(load(folder), TextTokenizer.fromFolder(folder), name);
    }

    static CausalLm load(Path folder) {
        String type;
        try {
            type = new ObjectMapper().readTree(folder.resolve("config.json").toFile()).path("model_type").asText("");
        } catch (IOException e) {
            throw new BenchmarkException("não foi possível ler " + folder.resolve("config.json") + ": " + e.getMessage(), e);
        }
        return switch (type) {
            case "gpt2" -> Gpt2.load(folder);
            default -> throw new BenchmarkException("a arquitetura '" + type + "' (" + folder
                    + ") ainda não tem implementação própria para o benchmark; use GPT-2");
        };
    }
}
