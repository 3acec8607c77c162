package br.lncc.llm.session;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a loaded model is: where it comes from (a folder's absolute path, or a hub id / built-in
 * name) and the format its weights are held in. Two pages asking for equal keys share one copy.
 */
public record SessionKey(String source, ModelFormat format) {
    public SessionKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        if (source.isBlank()) throw new IllegalArgumentException("empty model source");
    }

    /** A folder, by its absolute normalized path (so "./gpt2" and "/home/a/gpt2" are one key). */
    public static SessionKey of(Path folder, ModelFormat format) {
        return new SessionKey(folder.toAbsolutePath().normalize().toString(), format);
    }

    /** A hub id ("openai-community/gpt2") or a built-in model's name. */
    public static SessionKey of(String id, ModelFormat format) {
        return new SessionKey(id, format);
    }

    /** The last part of the source, for status lines ("gpt2 · FP32"). */
    public String shortName() {
        String s = source.replace('\\', '/');
        while (s.endsWith("/") && s.length() > 1) s = s.substring(0, s.length() - 1);
        int slash = s.lastIndexOf('/');
        return slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s;
    }

    @Override
    public String toString() {
        return shortName() + " · " + format;
    }
}
