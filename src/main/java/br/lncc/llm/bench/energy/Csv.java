package br.lncc.llm.bench.energy;

/** Quoting of one CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
public final class Csv {
    private Csv() {}

    public static String field(String s) {
        if (s == null) return "";
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
