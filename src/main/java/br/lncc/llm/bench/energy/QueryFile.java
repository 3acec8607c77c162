package br.lncc.llm.bench.energy;

import br.lncc.llm.text.ReadFailure;
import br.lncc.llm.bench.BenchmarkException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A queries file: one query per line; blank lines and lines starting with '#' are skipped. */
public final class QueryFile {
    private QueryFile() {}

    /** The math query set the project ships (assets/bench/math-queries.txt). */
    public static final String DEFAULT_RESOURCE = "/assets/bench/math-queries.txt";

    public static List<String> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.queries.unreadable", file, ReadFailure.reason(e)), String.valueOf(e), e);
        }
    }

    public static List<String> defaults() {
        try (InputStream in = QueryFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException | NullPointerException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.queries.noDefault", DEFAULT_RESOURCE), String.valueOf(e), e);
        }
    }

    static List<String> parse(String text, String source) {
        if (text.startsWith("\uFEFF")) text = text.substring(1); // Notepad's byte order mark is not part of a query
        List<String> queries = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (queries.isEmpty()) throw new BenchmarkException("benchdata.queries.emptyFile", new Object[] {source}, "");
        return queries;
    }
}
