package br.lncc.llm.ui.shell;

import br.lncc.llm.ui.ChapterPages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The book's table of contents (Cap. 1–9, numbered sections as printed in the book's Sumário)
 * plus the app's Benchmark and Notebooks entries. The data is book-toc.tsv, extracted from the
 * book; section titles stay in Portuguese in both languages because they are the book's.
 */
public final class BookToc {
    private static final String RESOURCE = "/br/lncc/llm/ui/book-toc.tsv";

    private BookToc() {}

    /** Chapters (with nested sections) followed by Benchmark and Notebooks. */
    public static List<TocEntry> load() {
        try (InputStream in = BookToc.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<TocEntry> parse(List<String> lines) {
        // number -> (title, children numbers) in file order; the file lists parents before children.
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, List<String>> kids = new LinkedHashMap<>();
        List<String> roots = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int tab = line.indexOf('\t');
            if (tab < 0) throw new IllegalArgumentException("book-toc.tsv: no tab in line: " + line);
            String number = line.substring(0, tab).trim();
            titles.put(number, line.substring(tab + 1).trim());
            kids.put(number, new ArrayList<>());
            int dot = number.lastIndexOf('.');
            if (dot < 0) {
                roots.add(number);
            } else {
                List<String> siblings = kids.get(number.substring(0, dot));
                if (siblings == null) throw new IllegalArgumentException("book-toc.tsv: " + number + " before its parent");
                siblings.add(number);
            }
        }
        List<TocEntry> result = new ArrayList<>();
        for (String r : roots) result.add(build(r, titles, kids));
        result.add(new TocEntry(ChapterPages.BENCHMARK, "toc.benchmark", List.of(), true));
        result.add(new TocEntry(ChapterPages.NOTEBOOKS, "toc.notebooks", List.of(), true));
        return result;
    }

    private static TocEntry build(String n, Map<String, String> titles, Map<String, List<String>> kids) {
        List<TocEntry> children = new ArrayList<>();
        for (String k : kids.get(n)) children.add(build(k, titles, kids));
        return new TocEntry(n, titles.get(n), children, false);
    }
}
