package br.lncc.llm.lesson.ch08;

import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.Llama;
import br.lncc.llm.model.LlamaConfig;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The model that plays the judge, with what the prompt needs from its folder (the chat
 * template) and whether its weights are random. Closing it frees weights and tokenizer.
 *
 * @param randomWeights true for the project's tiny Qwen2: it decides by chance, so its flips
 *     show the method, not the behaviour of a real judge
 */
public record JudgeModel(CausalLm model, TextTokenizer tokenizer, ChatTemplate template, boolean randomWeights)
        implements AutoCloseable {

    public static final String TINY_NAME = "qwen2-tiny (pesos aleatórios)";
    private static final String TINY_RESOURCES = "judge-tiny/";

    /** A Hugging Face folder (config.json, tokenizer.json, safetensors; tokenizer_config.json for the chat template). */
    public static JudgeModel open(Path folder) {
        CausalLms.Opened opened = CausalLms.loadWithTokenizer(folder);
        return new JudgeModel(opened.model(), opened.tokenizer(), ChatTemplate.read(folder), false);
    }

    /**
     * Qwen2's shape in miniature (2 layers, 64 dims, a 256-byte vocabulary with ChatML's special
     * tokens) with N(0, 0.02) weights from {@code seed}: available with no download, and a judge
     * that can only guess. The tokenizer files ship with the app.
     */
    public static JudgeModel randomTiny(long seed) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("companion-judge-tiny");
            for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
                try (InputStream in = JudgeModel.class.getResourceAsStream(TINY_RESOURCES + f)) {
                    if (in == null) throw new IllegalStateException("recurso ausente no pacote do app: " + TINY_RESOURCES + f);
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            var config = LlamaConfig.fromJson(new ObjectMapper().readTree(dir.resolve("config.json").toFile()));
            ChatTemplate template = ChatTemplate.read(dir);
            TextTokenizer tokenizer = TextTokenizer.fromFolder(dir);
            try {
                return new JudgeModel(Llama.random(config, TINY_NAME, seed), tokenizer, template, true);
            } catch (RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("não foi possível preparar o modelo minúsculo do juiz", e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    public JudgeFragility judge() {
        return new JudgeFragility(model, tokenizer, template);
    }

    public String name() {
        return model.name();
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A leftover temp folder of 4 KB is not worth an error: the model is already in memory.
        }
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
