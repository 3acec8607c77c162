package br.lncc.llm.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The files of a tiny model that ship inside the app (config.json, tokenizer.json, …), unpacked
 * into a temporary folder for as long as they are read — the tokenizer and the config readers take
 * a folder — and deleted afterwards. Used by the tiny Qwen2 (Cap. 4, 8.4) and the tiny T5 (Cap. 5).
 */
public final class BundledModelFiles {
    private BundledModelFiles() {}

    /** What is read from the unpacked folder; the folder is gone once it returns. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path folder) throws IOException;
    }

    /**
     * Copies {@code names} from the class-path folder {@code resources} (e.g. "/br/lncc/llm/lesson/tiny-t5/")
     * into a new temporary folder, hands it to {@code reader}, then deletes it.
     */
    public static <T> T read(String resources, List<String> names, Reader<T> reader) throws IOException {
        Path dir = Files.createTempDirectory("companion-tiny-model");
        try {
            for (String f : names) {
                try (InputStream in = BundledModelFiles.class.getResourceAsStream(resources + f)) {
                    if (in == null) throw new IOException("missing resource " + resources + f);
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return reader.read(dir);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A few KB of temporary folder left behind is not worth an error: the model is already in memory.
        }
    }
}
