package br.lncc.llm.lesson;

import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.Llama;
import br.lncc.llm.model.LlamaConfig;
import br.lncc.llm.session.ModelFormat;
import br.lncc.llm.session.ModelLease;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.session.SessionKey;
import br.lncc.llm.session.SizedModel;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * Qwen2's shape in miniature (2 layers, 64 dims, a 256-byte vocabulary with ChatML's special
 * tokens) with N(0, 0.02) weights from a seed: a causal LM every page can run with nothing
 * downloaded. Its text is gibberish; its logits, sampling, cache and attention are real.
 * The config and tokenizer files ship with the app (4 KB).
 */
public final class TinyQwen2 {
    public static final String NAME = "qwen2-tiny (pesos aleatórios)";
    private static final String RESOURCES = "tiny-qwen2/";

    private TinyQwen2() {}

    /** The model, its tokenizer and its ChatML template; closing it closes model and tokenizer. */
    public record Opened(CausalLm model, TextTokenizer tokenizer, ChatTemplate template) implements AutoCloseable, SizedModel {
        @Override
        public long estimatedBytes() {
            return model.weightsBytes();
        }

        @Override
        public void close() {
            model.close();
            tokenizer.close();
        }
    }

    /**
     * The tiny model of {@code seed} shared through {@link ModelSessions#app()}: Cap. 4's lab and
     * Cap. 8's judge on "the tiny model" hold one copy (same seed, same weights). Close the lease.
     */
    public static ModelLease<Opened> lease(long seed, String holder) {
        return ModelSessions.app().lease(sessionKey(seed), holder, Opened.class, () -> random(seed));
    }

    /** The registry key of the tiny model of {@code seed} (random weights: the seed is the identity). */
    public static SessionKey sessionKey(long seed) {
        return SessionKey.of("qwen2-tiny:seed=" + seed, ModelFormat.FP32);
    }

    public static Opened random(long seed) {
        try {
            return BundledModelFiles.read(RESOURCES, List.of("config.json", "tokenizer.json", "tokenizer_config.json"), dir -> {
                var config = LlamaConfig.fromJson(new ObjectMapper().readTree(dir.resolve("config.json").toFile()));
                ChatTemplate template = ChatTemplate.read(dir);
                TextTokenizer tokenizer = TextTokenizer.fromFolder(dir).readingVocabularyNow();
                try {
                    return new Opened(Llama.random(config, NAME, seed), tokenizer, template);
                } catch (RuntimeException e) {
                    tokenizer.close();
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new br.lncc.llm.model.ModelException("t5.tiny.unpack", new Object[] {NAME}, String.valueOf(e));
        }
    }
}
