package br.lncc.llm.bench.rarity;

import br.lncc.llm.text.ReadFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The editable table as CSV: {@code family,size_b,version,attention,activation,norm,context}.
 * Lines starting with '#' are comments (the shipped example says where its values come from).
 */
public final class RarityTable {
    private RarityTable() {}

    public static final String HEADER = "family,size_b,version,attention,activation,norm,context";

    public static List<ModelSpec> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new br.lncc.llm.bench.BenchmarkException(br.lncc.llm.text.Message.of("benchdata.rarity.unreadable", file, ReadFailure.reason(e)), String.valueOf(e), e);
        }
        return parse(lines, file.toString());
    }

    public static List<ModelSpec> parse(List<String> lines, String source) {
        List<ModelSpec> models = new ArrayList<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip(); // Excel's "CSV UTF-8" mark
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (!headerSeen) {
                if (!line.toLowerCase(Locale.ROOT).replace(" ", "").equals(HEADER)) {
                    throw new br.lncc.llm.text.InvalidInputException("benchdata.rarity.header", source, HEADER, line);
                }
                headerSeen = true;
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 7) {
                throw new br.lncc.llm.text.InvalidInputException("benchdata.rarity.columns", source, i + 1, f.length);
            }
            try {
                models.add(new ModelSpec(f[0].trim(), sizeB(f[1]), f[2].trim(), f[3].trim(),
                        f[4].trim(), f[5].trim(), ModelSpec.parseContext(f[6])));
            } catch (IllegalArgumentException e) {
                throw new br.lncc.llm.text.InvalidInputException("benchdata.rarity.inLine", source, i + 1, e instanceof br.lncc.llm.text.InvalidInputException bad ? bad.text() : br.lncc.llm.text.Message.literal(e.getMessage()));
            }
        }
        return models;
    }

    private static double sizeB(String field) {
        try {
            return Double.parseDouble(field.trim());
        } catch (NumberFormatException e) {
            throw new br.lncc.llm.text.InvalidInputException("benchdata.rarity.size", field.trim());
        }
    }

    public static void write(Path file, List<ModelSpec> models) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (ModelSpec m : models) {
            String size = m.sizeB() == Math.rint(m.sizeB()) ? String.valueOf((long) m.sizeB()) : String.valueOf(m.sizeB());
            lines.add(String.join(",", m.family(), size, m.version(), m.attention(), m.activation(), m.norm(),
                    ModelSpec.formatContext(m.contextTokens())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
