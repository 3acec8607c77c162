package br.lncc.llm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.text.ReadFailure;
import br.lncc.llm.text.WriteFailure;
import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.hub.HubException;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.tokenize.TokenizerException;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void aKeyRendersInPortugueseByDefaultAndInEnglishWhenAsked() {
        var m = Message.of("io.write.denied", "/tmp/x");
        assertEquals("sem permissão de escrita em /tmp/x", m.render(Messages.PT_BR));
        assertEquals("no permission to write in /tmp/x", m.render(Messages.ENGLISH));
        // Any other language falls back to pt-BR, the book's language.
        assertEquals("sem permissão de escrita em /tmp/x", m.render(java.util.Locale.GERMAN));
    }

    @Test
    void aMessageInsideAMessageIsRenderedInTheSameLanguage() {
        var inner = ReadFailure.reason(new MalformedInputException(1));
        var outer = Message.of("error.prefix", inner);
        assertTrue(outer.render(Messages.ENGLISH).startsWith("Error: the file is not UTF-8"), outer.render(Messages.ENGLISH));
        assertTrue(outer.render(Messages.PT_BR).startsWith("Erro: o arquivo não está em UTF-8"), outer.render(Messages.PT_BR));
    }

    @Test
    void aLiteralIsShownAsWrittenInEveryLanguageEvenWithBracesAndApostrophes() {
        var m = Message.literal("it's {0} as is");
        assertEquals("it's {0} as is", m.render(Messages.ENGLISH));
        assertEquals("it's {0} as is", m.render(Messages.PT_BR));
    }

    @Test
    void anUnknownKeyShowsItselfInsteadOfFailing() {
        assertEquals("!nope.missing! [7]", Messages.render(Messages.ENGLISH, "nope.missing", 7));
    }

    @Test
    void theOlderStringExplanationsStayPortuguese() {
        assertEquals("sem permissão de escrita em /a", WriteFailure.explain(new AccessDeniedException("/a")));
        assertEquals("sem permissão de leitura", ReadFailure.explain(new AccessDeniedException("/a")));
        assertEquals("boom", ReadFailure.explain(new IOException("boom")));
    }

    @Test
    void everyLayerExceptionIsACompanionExceptionWithKeyArgsAndDetail() {
        List<CompanionException> all = List.of(
                new ModelException("io.write.denied", new Object[] {"/m"}, "errno 13"),
                new WeightsException("io.write.denied", new Object[] {"/m"}, "errno 13"),
                new HubException(HubException.Reason.DISK, Message.of("io.write.denied", "/m"), "errno 13", null),
                new TokenizerException("io.write.denied", new Object[] {"/m"}, "errno 13"),
                new TrainingException("io.write.denied", new Object[] {"/m"}, "errno 13"),
                new BenchmarkException("io.write.denied", new Object[] {"/m"}, "errno 13"),
                new LessonInputException("io.write.denied", new Object[] {"/m"}, "errno 13"));
        for (var e : all) {
            assertEquals("io.write.denied", e.key(), e.getClass().getSimpleName());
            assertEquals(List.of("/m"), List.of(e.args()));
            assertEquals("errno 13", e.technicalDetail());
            assertEquals("sem permissão de escrita em /m", e.getMessage());
            assertEquals("no permission to write in /m", e.message(Messages.ENGLISH));
        }
    }

    @Test
    void legacyLiteralConstructorsKeepTheirTextAndDetail() {
        var w = new WeightsException("arquivo truncado", "header says 497 MB");
        assertEquals("arquivo truncado", w.getMessage());
        assertEquals("arquivo truncado", w.message(Messages.ENGLISH));
        assertEquals("header says 497 MB", w.detail());
        assertEquals(Message.LITERAL, w.key());
        assertEquals("", new ModelException("x").technicalDetail());
        assertInstanceOf(CompanionException.class, new HubException(HubException.Reason.NETWORK, "sem rede", null));
        assertEquals("", new LessonInputException("x", null).detail());
    }

    @Test
    void theCliSpeaksEnglishOnlyWhenAskedOrWhenTheLocaleIsEnglish() {
        assertEquals(Messages.ENGLISH, Messages.cliLanguage("en", Map.of()));
        assertEquals(Messages.PT_BR, Messages.cliLanguage("pt-BR", Map.of("LANG", "en_US.UTF-8")));
        assertEquals(Messages.ENGLISH, Messages.cliLanguage(null, Map.of("LANG", "en_US.UTF-8")));
        assertEquals(Messages.PT_BR, Messages.cliLanguage(null, Map.of("LANG", "C.UTF-8")));
        assertEquals(Messages.PT_BR, Messages.cliLanguage(null, Map.of()));
        // POSIX precedence: LC_ALL over LC_MESSAGES over LANG.
        assertEquals(Messages.PT_BR, Messages.cliLanguage(null, Map.of("LC_ALL", "pt_BR.UTF-8", "LANG", "en_US.UTF-8")));
        assertEquals(Messages.ENGLISH, Messages.cliLanguage(null, Map.of("LC_MESSAGES", "en", "LANG", "pt_BR")));
    }

    /** Like the UI's bundles: a key without its English twin would show Portuguese in the English UI. */
    @Test
    void everyPortugueseKeyBelowTheUiHasAnEnglishTwinAndBackAndEveryPatternParses() throws IOException {
        Path dir = Paths.get("src/main/resources/br/lncc/llm/text");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path pt : files.filter(p -> p.toString().endsWith(".properties") && !p.toString().endsWith("_en.properties")).toList()) {
                Path en = pt.resolveSibling(pt.getFileName().toString().replace(".properties", "_en.properties"));
                Properties ptProps = load(pt), enProps = Files.exists(en) ? load(en) : new Properties();
                var ptKeys = new TreeSet<>(ptProps.stringPropertyNames());
                var enKeys = new TreeSet<>(enProps.stringPropertyNames());
                for (String k : ptKeys) if (!enKeys.contains(k)) problems.add(en.getFileName() + " lacks " + k);
                for (String k : enKeys) if (!ptKeys.contains(k)) problems.add(pt.getFileName() + " lacks " + k);
                String area = pt.getFileName().toString().replace(".properties", "");
                for (String k : ptKeys) {
                    if (!area.equals("messages") && !k.startsWith(area + ".")) problems.add(pt.getFileName() + ": " + k + " is not in area " + area);
                    for (Properties p : List.of(ptProps, enProps)) {
                        if (!p.containsKey(k)) continue;
                        try {
                            new java.text.MessageFormat(p.getProperty(k));
                        } catch (IllegalArgumentException e) {
                            problems.add(k + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Properties load(Path p) throws IOException {
        var props = new Properties();
        try (InputStream in = Files.newInputStream(p); var r = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)) {
            props.load(r);
        }
        return props;
    }
}
