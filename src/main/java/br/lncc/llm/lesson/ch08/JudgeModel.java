package br.lncc.llm.lesson.ch08;

import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;

/**
 * The model that plays the judge, with what the prompt needs from its folder (the chat
 * template) and whether its weights are random. A folder's model is leased from the shared
 * registry ({@link CausalLms#lease}): the judge of Cap. 8.4 and Cap. 4's lab on the same folder
 * use one copy. Closing the judge closes its lease (or frees the tiny model it owns).
 */
public final class JudgeModel implements AutoCloseable {

    public static final String TINY_NAME = br.lncc.llm.lesson.TinyQwen2.NAME;

    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final boolean randomWeights;
    /** Where the weights came from (hashed in the experiment record); null for the tiny random model. */
    private final Path folder;
    private final AutoCloseable release;

    private JudgeModel(CausalLm model, TextTokenizer tokenizer, ChatTemplate template, boolean randomWeights, Path folder,
            AutoCloseable release) {
        this.model = model;
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.template = template;
        this.randomWeights = randomWeights;
        this.release = release;
    }

    /** A Hugging Face folder (config.json, tokenizer.json, safetensors; tokenizer_config.json for the chat template). */
    public static JudgeModel open(Path folder) {
        return open(folder, "8.4");
    }

    /** As {@link #open(Path)}, listed under {@code holder} in the model manager. */
    public static JudgeModel open(Path folder, String holder) {
        var lease = CausalLms.lease(folder, holder);
        try {
            return new JudgeModel(lease.get().model(), lease.get().tokenizer(), ChatTemplate.read(folder), false, folder, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * The course model the app pre-trained and ships ({@link br.lncc.llm.model.CourseModel}): the
     * judge with nothing downloaded. A base model (it only continues text), but one that learned
     * something, unlike the random tiny Qwen2; it has no chat template, so the prompt goes in plain.
     */
    public static JudgeModel course() {
        return open(br.lncc.llm.model.CourseModel.folder(), "8.4");
    }

    /** The project's tiny random Qwen2 ({@link br.lncc.llm.lesson.TinyQwen2}): available with no download, a judge that can only guess. */
    public static JudgeModel randomTiny(long seed) {
        return randomTiny(seed, "8.4");
    }

    /** As {@link #randomTiny(long)}, leased under {@code holder}: Cap. 4's tiny lab of the same seed is the same copy. */
    public static JudgeModel randomTiny(long seed, String holder) {
        var lease = br.lncc.llm.lesson.TinyQwen2.lease(seed, holder);
        try {
            var tiny = lease.get();
            return new JudgeModel(tiny.model(), tiny.tokenizer(), tiny.template(), true, null, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    public CausalLm model() {
        return model;
    }

    /** The model's folder (its files are hashed in the experiment record); null for the tiny random model. */
    public Path folder() {
        return folder;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ChatTemplate template() {
        return template;
    }

    /**
     * True for the project's tiny Qwen2: it decides by chance, so its flips show the method, not
     * the behaviour of a real judge.
     */
    public boolean randomWeights() {
        return randomWeights;
    }

    public JudgeFragility judge() {
        return new JudgeFragility(model, tokenizer, template);
    }

    public String name() {
        return model.name();
    }

    @Override
    public void close() {
        try {
            release.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the judge failed", e);
        }
    }
}
