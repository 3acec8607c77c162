package br.lncc.llm.ui.widget;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A table to export as CSV (RFC 4180: comma separated, quotes doubled, UTF-8, "." decimal point
 * so spreadsheets and pandas read it the same in any locale).
 */
public record CsvTable(List<String> header, List<List<Object>> rows) {

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(line(header));
            for (List<Object> row : rows) w.write(line(row));
        }
    }

    private static String line(List<?> cells) {
        var sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(cells.get(i)));
        }
        return sb.append("\r\n").toString();
    }

    static String cell(Object v) {
        if (v == null) return "";
        String s;
        if (v instanceof Double d) s = d.isNaN() ? "" : Double.toString(d);
        else if (v instanceof Float f) s = f.isNaN() ? "" : Float.toString(f);
        else s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
