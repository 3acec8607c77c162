package br.lncc.llm.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class I18nTest {
    private static final Path UI = Path.of("src/main/resources/br/lncc/llm/ui");

    @Test
    void ptBrIsTheDefaultAndEnglishIsSwitchable() {
        var i18n = new I18n(I18n.PT_BR);
        var label = i18n.text("menu.language");
        assertEquals("Idioma", label.get());
        i18n.setLocale(I18n.ENGLISH);
        assertEquals("Language", label.get());
        assertEquals("Cap. 2 · Núcleo do Transformer", new I18n(I18n.PT_BR).get("toc.chapter", "2", "Núcleo do Transformer"));
    }

    @Test
    void missingKeysAreVisibleNotFatal() {
        assertEquals("!nope.nothing!", new I18n(I18n.PT_BR).get("nope.nothing"));
    }

    /** Every bundle pair (shell and per area) has the same keys in pt-BR and English, in UTF-8. */
    @Test
    void everyPortugueseKeyHasAnEnglishTwin() throws IOException {
        List<Path> bases = new ArrayList<>();
        bases.add(UI.resolve("messages.properties"));
        try (Stream<Path> s = Files.list(UI.resolve("i18n"))) {
            s.filter(p -> p.toString().endsWith(".properties") && !p.getFileName().toString().contains("_"))
                    .forEach(bases::add);
        }
        for (Path pt : bases) {
            Path en = pt.resolveSibling(pt.getFileName().toString().replace(".properties", "_en.properties"));
            assertTrue(Files.exists(en), "missing English bundle " + en);
            Set<String> ptKeys = keys(pt);
            Set<String> enKeys = keys(en);
            var onlyPt = new TreeSet<>(ptKeys);
            onlyPt.removeAll(enKeys);
            var onlyEn = new TreeSet<>(enKeys);
            onlyEn.removeAll(ptKeys);
            assertEquals(Set.of(), onlyPt, "keys without English in " + en);
            assertEquals(Set.of(), onlyEn, "keys without pt-BR in " + pt);
            String prefix = pt.getParent().endsWith("i18n") ? pt.getFileName().toString().replace(".properties", ".") : null;
            if (prefix != null) {
                for (String k : ptKeys) assertTrue(k.startsWith(prefix), k + " in " + pt + " must start with " + prefix);
            }
        }
    }

    private static Set<String> keys(Path file) throws IOException {
        var p = new Properties();
        // Strict UTF-8: a Latin-1 file would throw here instead of showing mojibake in the UI.
        try (Reader r = new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder())) {
            p.load(r);
        }
        return new TreeSet<>(p.stringPropertyNames());
    }
}
