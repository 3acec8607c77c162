package br.lncc.llm.bench;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.CourseModel;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a benchmark model from a folder or a Hub id (HF cache first, download otherwise); the
 * folder's config.json picks our implementation (GPT-2, Llama family, Phi). {@value #COURSE_MODEL}
 * is the course model the app ships: the benchmarks' default, so they run with no network.
 */
public final class ModelOpener implements CompleterLoader {
    /** The name that opens the shipped course model ({@link CourseModel}). */
    public static final String COURSE_MODEL = CourseModel.NAME;

    private final ModelResolver resolver;

    public ModelOpener(ModelResolver resolver) {
        this.resolver = resolver;
    }

    public static ModelOpener standard() {
        return new ModelOpener(ModelResolver.standard());
    }

    @Override
    public TextCompleter open(String idOrPath, ProgressSink progress) {
        Path folder = isCourseModel(idOrPath) ? CourseModel.folder() : resolver.resolve(idOrPath, progress);
        // results are named after what the user typed (the Hub id), or the folder's name
        String name = isCourseModel(idOrPath) ? COURSE_MODEL : Files.isDirectory(Path.of(idOrPath))
                ? Path.of(idOrPath).toAbsolutePath().normalize().getFileName().toString()
                : idOrPath;
        CausalLms.Opened opened = CausalLms.loadWithTokenizer(folder);
        return new CausalLmCompleter(opened.model(), opened.tokenizer(), name, checkpointStopIds(folder), folder);
    }

    /** True for the course model's name (an existing folder of that name still wins). */
    public static boolean isCourseModel(String idOrPath) {
        String s = idOrPath == null ? "" : idOrPath.strip();
        return s.equalsIgnoreCase(COURSE_MODEL) && !Files.isDirectory(Path.of(s));
    }

    /** generation_config.json's eos ids; a damaged file stops nothing extra, as in the Cap. 4 lab. */
    static java.util.List<Long> checkpointStopIds(Path folder) {
        try {
            return br.lncc.llm.generate.GenerationConfig.read(folder).eosTokenIds();
        } catch (br.lncc.llm.model.ModelException e) {
            return java.util.List.of();
        }
    }
}
