package br.lncc.llm.model;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.text.Message;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The course model: a small GPT-2 the app itself pre-trained from scratch (Cap. 6,
 * {@code companion pretrain}, recipe in tools/course-model/) on the Guia Foca GNU/Linux
 * (Portuguese, GFDL), shipped inside the app so every causal page has a model that learned
 * something with nothing downloaded. It is not OpenAI's GPT-2: pages say so.
 *
 * <p>The files live on the classpath under {@value #RESOURCE}. From a jar (the installed app) they
 * are copied once into {@code ~/.llm-course-companion/models/course-gpt2-foca/} so the weights can
 * be memory-mapped like any downloaded model; from a build folder they are used in place.
 */
public final class CourseModel {
    public static final String NAME = "course-gpt2-foca";
    /**
     * A prompt in the corpus's language and subject, for pages whose default prompt is the book's
     * English one. A message key like every text below the UI, but Portuguese in both bundles: the
     * model only ever read Portuguese, so an English prompt would mean nothing to it.
     */
    public static final Message PROMPT = Message.of("pretrain.course.prompt");
    public static final String RESOURCE = "/assets/models/" + NAME + "/";
    static final List<String> FILES = List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
            "model.safetensors", "README.md", "trainer_state.json", "training.log");

    /** What the pages say about it: size, corpus, licence and how far it trained. */
    public record Facts(long parameters, String corpus, String license, int steps, double valLoss, double unigramEntropy,
            int vocabSize, int context) {}

    private static volatile Path folder;

    private CourseModel() {}

    /** The model's Hugging Face folder (copied out of the jar the first time). */
    public static Path folder() {
        Path f = folder;
        if (f != null) return f;
        synchronized (CourseModel.class) {
            if (folder == null) folder = locate();
            return folder;
        }
    }

    public static Gpt2 load() {
        return Gpt2.load(folder());
    }

    public static CausalLms.Opened loadWithTokenizer() {
        return CausalLms.loadWithTokenizer(folder());
    }

    public static TextTokenizer tokenizer() {
        return TextTokenizer.fromFolder(folder());
    }

    private static volatile Facts facts;

    /**
     * The card's facts, read once: every model picker and its note ask on the FX thread (each page
     * that offers the course model, again on a language switch), and the files never change.
     */
    public static Facts facts() {
        Facts f = facts;
        if (f == null) facts = f = readFacts();
        return f;
    }

    private static Facts readFacts() {
        try {
            var mapper = new ObjectMapper();
            JsonNode state = mapper.readTree(folder().resolve("trainer_state.json").toFile());
            Gpt2.Config config = Gpt2.Config.fromJson(mapper.readTree(folder().resolve("config.json").toFile()));
            JsonNode evals = state.path("evals");
            JsonNode last = evals.get(evals.size() - 1);
            String license = state.path("corpus_license").asText();
            int cut = license.indexOf(" (");
            return new Facts(config.uniqueParameters(), "Guia Foca GNU/Linux (focalinux-text)", cut > 0 ? license.substring(0, cut) : license,
                    state.path("step").asInt(), last.path("val_loss").asDouble(), unigramEntropy(state), config.vocabSize(),
                    config.nPositions());
        } catch (IOException | RuntimeException e) {
            throw new ModelException("pretrain.course.unreadable", new Object[] {NAME}, String.valueOf(e));
        }
    }

    private static double unigramEntropy(JsonNode state) {
        return state.path("unigram_entropy").asDouble(Double.NaN);
    }

    private static Path locate() {
        URL config = CourseModel.class.getResource(RESOURCE + "config.json");
        if (config == null) throw new ModelException("pretrain.course.missing", new Object[] {NAME}, RESOURCE);
        try {
            if ("file".equals(config.getProtocol())) return Path.of(config.toURI()).getParent();
            Path target = AppDirs.models().resolve(NAME);
            URL weights = CourseModel.class.getResource(RESOURCE + "model.safetensors");
            long size = weights == null ? -1 : weights.openConnection().getContentLengthLong();
            Path safetensors = target.resolve("model.safetensors");
            if (Files.isRegularFile(safetensors) && Files.size(safetensors) == size && Files.isRegularFile(target.resolve("trainer_state.json"))) {
                return target;
            }
            Files.createDirectories(target);
            for (String f : FILES) {
                try (InputStream in = CourseModel.class.getResourceAsStream(RESOURCE + f)) {
                    if (in == null) throw new IOException("missing resource " + RESOURCE + f);
                    Path partial = target.resolve(f + ".partial");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException | URISyntaxException e) {
            throw new ModelException("pretrain.course.unpack", new Object[] {NAME, AppDirs.models()}, String.valueOf(e));
        }
    }
}
