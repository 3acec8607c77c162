package br.lncc.llm.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: text below the UI is a message key plus arguments, so the English UI and
 * {@code companion --lang en} are English. Code outside {@code ui}/{@code cli} may not gain
 * Portuguese string literals: each file's count may only go down from the one in
 * {@code architecture/portuguese-literals-below-ui.txt}.
 *
 * <p>A literal counts as Portuguese when it has an accented letter (ã, ç, é…) or is a phrase with a
 * word English does not have (não, arquivo, pasta, modelo, pesos, deve, precisa, para, com…).
 * Comments do not count.
 */
public class PortugueseLiteralsTest {
    static final Path ALLOWLIST = Path.of("src/test/resources/architecture/portuguese-literals-below-ui.txt");
    private static final Pattern ACCENTED = Pattern.compile("[ãõçáéíóúâêôàÃÕÇÁÉÍÓÚÂÊÔÀ]");
    private static final Pattern WORDS = Pattern.compile("(?iu)\\b(não|nao|arquivo|arquivos|pasta|modelo|modelos|"
            + "tokenizador|pesos|nenhum|nenhuma|deve|devem|precisa|tente|escolha|linha|linhas|camada|camadas|veio|"
            + "esperado|esperada|entre|pelo|pela|mas|sem|tem|têm|uma|para|com|está|estão|foi|são)\\b");

    public static boolean portuguese(String literal) {
        if (ACCENTED.matcher(literal).find()) return true;
        return literal.strip().contains(" ") && WORDS.matcher(literal).find();
    }

    /** Portuguese literals per file ("model/Gpt2.java" → 17) below ui and cli. */
    static Map<String, Integer> counts() {
        var out = new TreeMap<String, Integer>();
        for (JavaSource s : JavaSource.all()) {
            if (s.topPackage().equals("ui") || s.topPackage().equals("cli")) continue;
            int n = (int) s.literals().stream().filter(PortugueseLiteralsTest::portuguese).count();
            if (n > 0) out.put(s.relative().substring("br/lncc/llm/".length()), n);
        }
        return out;
    }

    @Test
    void noFileBelowTheUiGainsPortugueseLiterals() throws IOException {
        var allowed = new TreeMap<String, Integer>();
        for (String line : Files.readAllLines(ALLOWLIST)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] parts = line.trim().split("\\s+", 2);
            allowed.put(parts[1], Integer.parseInt(parts[0]));
        }
        List<String> grown = new ArrayList<>();
        counts().forEach((file, n) -> {
            int max = allowed.getOrDefault(file, 0);
            if (n > max) grown.add(file + ": " + n + " Portuguese literals, allowed " + max);
        });
        assertEquals(List.of(), grown, "use a message key (Message.of / CompanionException(key, args, detail)) and "
                + "put the text in src/main/resources/br/lncc/llm/text/<area>.properties (+ _en)");
    }

    @Test
    void theDetectorTellsPortugueseFromEnglish() {
        assertEquals(true, portuguese("o arquivo está truncado"));
        assertEquals(true, portuguese("a pasta do modelo "));
        assertEquals(false, portuguese("header says 497 MB, file has 12 MB"));
        assertEquals(false, portuguese("model.safetensors"));
        assertEquals(false, portuguese("weights.truncated"));
    }
}
