package br.lncc.llm.bench.sentiment;

import br.lncc.llm.text.ReadFailure;
import br.lncc.llm.bench.BenchmarkException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reviews with labels from CSV or JSONL. The text column may be called texto/text/review, the
 * label column sentimento/label/sentiment; labels 1/0, positivo/negativo or positive/negative
 * (celsowm/imdb-reviews-pt-br uses id, texto, sentimento with 1 = positivo).
 */
public final class SentimentDataset {
    private SentimentDataset() {}

    public static final String DEMO_RESOURCE = "/assets/bench/sentiment-demo.csv";
    static final List<String> TEXT_COLUMNS = List.of("texto", "text", "review", "sentence", "content");
    static final List<String> LABEL_COLUMNS = List.of("sentimento", "label", "sentiment", "rotulo", "rótulo");
    static final List<String> ID_COLUMNS = List.of("id", "idx", "row_idx");

    public static List<LabeledText> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.dataset.unreadable", file, ReadFailure.reason(e)), String.valueOf(e), e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1); // Excel and Notepad write a byte order mark
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".json") ? parseJsonl(text, file.toString()) : parseCsv(text, file.toString());
    }

    /** The small demo set shipped in assets (written by the project, not real IMDB reviews). */
    public static List<LabeledText> demo() {
        try (var in = SentimentDataset.class.getResourceAsStream(DEMO_RESOURCE)) {
            return parseCsv(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO_RESOURCE);
        } catch (IOException | NullPointerException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.dataset.noDemo", DEMO_RESOURCE), String.valueOf(e), e);
        }
    }

    public static List<LabeledText> parseCsv(String text, String source) {
        List<List<String>> rows;
        try {
            rows = CsvReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.where.reason", source, e instanceof br.lncc.llm.text.InvalidInputException bad ? bad.text() : br.lncc.llm.text.Message.literal(e.getMessage())), "", e);
        }
        if (rows.isEmpty()) throw new BenchmarkException("benchdata.dataset.empty", new Object[] {source}, "");
        List<String> header = rows.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int textCol = column(header, TEXT_COLUMNS, br.lncc.llm.text.Message.of("benchdata.column.text"), source);
        int labelCol = column(header, LABEL_COLUMNS, br.lncc.llm.text.Message.of("benchdata.column.label"), source);
        int idCol = firstIndex(header, ID_COLUMNS);
        List<LabeledText> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() <= Math.max(textCol, labelCol)) {
                throw new BenchmarkException("benchdata.dataset.missingColumns", new Object[] {source, r + 1, header.size(), row.size()}, "");
            }
            String id = idCol >= 0 && idCol < row.size() ? row.get(idCol) : String.valueOf(r - 1);
            var where = br.lncc.llm.text.Message.of("benchdata.where.record", source, r + 1);
            out.add(new LabeledText(id, text(row.get(textCol), where), label(row.get(labelCol), where)));
        }
        if (out.isEmpty()) throw new BenchmarkException("benchdata.dataset.noDataRows", new Object[] {source}, "");
        return out;
    }

    public static List<LabeledText> parseJsonl(String text, String source) {
        ObjectMapper json = new ObjectMapper();
        List<LabeledText> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.lines().toList()) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = json.readTree(line);
            } catch (IOException e) {
                throw new BenchmarkException("benchdata.dataset.badJson", new Object[] {source, lineNo}, String.valueOf(e.getMessage()));
            }
            var where = br.lncc.llm.text.Message.of("benchdata.where.line", source, lineNo);
            LabeledText row = fromRow(n, out.size(), where);
            text(row.text(), where);
            out.add(row);
        }
        if (out.isEmpty()) throw new BenchmarkException("benchdata.dataset.empty", new Object[] {source}, "");
        return out;
    }

    /** One JSON object (a JSONL line or a datasets-server row) as a labelled text. */
    public static LabeledText fromRow(JsonNode n, int position, br.lncc.llm.text.Message where) {
        String textKey = TEXT_COLUMNS.stream().filter(n::has).findFirst()
                .orElseThrow(() -> new BenchmarkException("benchdata.row.noText", new Object[] {where, String.join("/", TEXT_COLUMNS)}, ""));
        String labelKey = LABEL_COLUMNS.stream().filter(n::has).findFirst()
                .orElseThrow(() -> new BenchmarkException("benchdata.row.noLabel", new Object[] {where, String.join("/", LABEL_COLUMNS)}, ""));
        String id = ID_COLUMNS.stream().filter(n::has).findFirst().map(k -> n.get(k).asText()).orElse(String.valueOf(position));
        return new LabeledText(id, n.get(textKey).asText(), label(n.get(labelKey).asText(), where));
    }

    /**
     * In a student's own file an empty review is a mistake (the model would classify the bare
     * prompt). Rows from the Hub are taken as they are, so the sample matches the notebook's.
     */
    static String text(String raw, br.lncc.llm.text.Message where) {
        if (raw.isBlank()) throw new BenchmarkException("benchdata.row.emptyText", new Object[] {where}, "");
        return raw;
    }

    static String label(String raw, br.lncc.llm.text.Message where) {
        String v = raw.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "1", "1.0", "positivo", "positive", "pos" -> "positivo";
            case "0", "0.0", "negativo", "negative", "neg" -> "negativo";
            default -> throw new BenchmarkException("benchdata.row.badLabel", new Object[] {where, raw}, "");
        };
    }

    /**
     * Hugging Face's {@code dataset.shuffle(seed=seed).select(range(n))}: the rows in the order of
     * NumPy's {@code default_rng(seed).permutation(len)}, first n. With the dataset's own row
     * order (datasets-server serves it) this picks the notebook's reviews.
     */
    public static List<LabeledText> sample(List<LabeledText> all, int n, long seed) {
        if (n <= 0) throw new BenchmarkException("benchinput.samples", new Object[] {n}, "n=" + n);
        int[] order = NumpyPermutation.of(all.size(), seed);
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, order.length); i++) out.add(all.get(order[i]));
        return List.copyOf(out);
    }

    public static Map<String, Long> labelCounts(List<LabeledText> data) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (LabeledText t : data) counts.merge(t.label(), 1L, Long::sum);
        return counts;
    }

    private static int column(List<String> header, List<String> names, br.lncc.llm.text.Message what, String source) {
        int i = firstIndex(header, names);
        if (i < 0) {
            throw new BenchmarkException("benchdata.dataset.noColumn", new Object[] {source, what, String.valueOf(header), String.join(", ", names)}, "");
        }
        return i;
    }

    private static int firstIndex(List<String> header, List<String> names) {
        for (String n : names) {
            int i = header.indexOf(n);
            if (i >= 0) return i;
        }
        return -1;
    }
}
