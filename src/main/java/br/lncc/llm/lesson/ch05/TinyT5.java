package br.lncc.llm.lesson.ch05;

import br.lncc.llm.model.T5;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * The project's tiny T5: FLAN-T5's shape in miniature (2 + 2 blocks, d_model 64, gated-GELU,
 * untied head, 32 relative-position buckets) with weights drawn from a seed, so Cap. 5's pages
 * run with nothing downloaded. Nothing in it is trained: its answers are words of the chapter in
 * random order, and every page that shows them says so. Its encoder, decoder, cache, sampling and
 * vote are the same code that runs FLAN-T5-small. Config and tokenizer (168 tokens: the words of
 * the Cap. 5 prompts and single characters) ship with the app; tools/tiny-t5/make_files.py wrote them.
 */
public final class TinyT5 {
    public static final String NAME = "t5-tiny";
    /** The seed of the model every page opens (another seed is another random model). */
    public static final long SEED = 5;
    private static final String RESOURCES = "/br/lncc/llm/lesson/tiny-t5/";

    private TinyT5() {}

    /** The tiny T5's model and tokenizer (its own copy; pages lease it through {@link PromptingLab#tiny(String)}). */
    static PromptingLab.Loaded random() {
        try {
            return br.lncc.llm.lesson.BundledModelFiles.read(RESOURCES, List.of("config.json", "tokenizer.json"), dir -> {
                T5.Config config = T5.Config.of(new ObjectMapper().readTree(dir.resolve("config.json").toFile()));
                TextTokenizer tokenizer = TextTokenizer.fromFolder(dir).readingVocabularyNow();
                try {
                    return new PromptingLab.Loaded(T5.random(config, SEED), tokenizer);
                } catch (RuntimeException e) {
                    tokenizer.close();
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new ModelException("t5.tiny.unpack", new Object[] {NAME}, String.valueOf(e));
        }
    }
}
