package br.lncc.llm.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The main sources as the architecture tests read them: code without comments, and the string literals. */
record JavaSource(Path file, String relative, String code, List<String> literals) {
    static final Path MAIN = Paths.get("src/main/java");

    /** Every .java file under src/main/java, paths relative to it with '/' separators. */
    static List<JavaSource> all() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<JavaSource> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) out.add(read(f));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package path below br/lncc/llm/ ("ui/ch04", "model", "" for the root). */
    String area() {
        String r = relative.startsWith("br/lncc/llm/") ? relative.substring("br/lncc/llm/".length()) : relative;
        int slash = r.lastIndexOf('/');
        return slash < 0 ? "" : r.substring(0, slash);
    }

    String topPackage() {
        String a = area();
        int slash = a.indexOf('/');
        return slash < 0 ? a : a.substring(0, slash);
    }

    static JavaSource read(Path f) {
        String text;
        try {
            text = Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var code = new StringBuilder(text.length());
        var literals = new ArrayList<String>();
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                code.append(' ');
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                if (end < 0) end = n - 3;
                literals.add(text.substring(i + 3, end));
                code.append("\"\"");
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                var sb = new StringBuilder();
                int j = i + 1;
                while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                    if (text.charAt(j) == '\\' && j + 1 < n) {
                        sb.append(text, j, j + 2);
                        j += 2;
                    } else {
                        sb.append(text.charAt(j++));
                    }
                }
                if (c == '"') literals.add(sb.toString());
                code.append(c).append(c);
                i = j + 1;
            } else {
                code.append(c);
                i++;
            }
        }
        String rel = MAIN.relativize(f).toString().replace('\\', '/');
        return new JavaSource(f, rel, code.toString(), literals);
    }
}
