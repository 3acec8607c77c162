package br.lncc.llm.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which book sections have an interactive page. Keys are the book's section numbers ("2.5",
 * "4.15.4"), a chapter number ("4"), or the special entries {@link #BENCHMARK} and
 * {@link #NOTEBOOKS}. Registrations are all listed in {@link Pages}.
 *
 * <p>A subsection without its own page opens its section's page (a page usually covers its
 * subsections), then the chapter's; with none of those the navigator shows the section's title,
 * subsections and the plain statement that the interactive part is not available yet.
 */
public final class ChapterPages {
    public static final String BENCHMARK = "benchmark";
    public static final String NOTEBOOKS = "notebooks";

    private final Map<String, PageFactory> factories = new LinkedHashMap<>();

    public ChapterPages register(String key, PageFactory factory) {
        if (factories.putIfAbsent(key, factory) != null) {
            throw new IllegalStateException("two pages registered for section " + key);
        }
        return this;
    }

    /** The page for {@code key}, or the nearest enclosing section's ("2.5.4" → "2.5" → "2"). */
    public Optional<Resolved> resolve(String key) {
        for (String k = key; k != null; k = parent(k)) {
            PageFactory f = factories.get(k);
            if (f != null) return Optional.of(new Resolved(k, f));
        }
        return Optional.empty();
    }

    public boolean hasOwnPage(String key) {
        return factories.containsKey(key);
    }

    public Set<String> keys() {
        return factories.keySet();
    }

    static String parent(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? null : key.substring(0, dot);
    }

    /** A factory and the key it was registered under (pages are cached per that key). */
    public record Resolved(String key, PageFactory factory) {}
}
