package br.lncc.llm.lesson.ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Practice1Test {

    @Test
    void partsFollowTheBook() {
        assertEquals(List.of("A", "B", "C", "D"), Practice1.PARTS.stream().map(Practice1.Part::id).toList());
        assertEquals(0.2, Practice1.part("A").runs().get(0).temperature());
        assertEquals(0.3, Practice1.part("B").runs().get(0).topP());
        assertEquals("Solve step by step: 27 + 58.", Practice1.part("C").runs().get(1).prompt());
        assertEquals(3, Practice1.part("D").questions().size());
    }

    @Test
    void onTheCourseModelPartsAAndBUseItsPortuguesePromptWithTheBooksSettings() {
        try (var lab = GenerationLab.course()) {
            var a1 = Practice1.forModel(lab, Practice1.part("A").runs().get(0));
            assertEquals("Para instalar o programa", a1.prompt());
            assertEquals(0.2, a1.temperature());
            assertEquals(0.9, a1.topP());
            var p1 = Practice1.part("C").runs().get(0);
            assertEquals(p1, Practice1.forModel(lab, p1), "Part C keeps the book's arithmetic prompt");
            var out = Practice1.run(lab, Practice1.part("A"), 8, 42, ProgressSink.NONE);
            assertTrue(out.get(0).text().startsWith("Para instalar o programa"), out.get(0).text());
        }
        try (var lab = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"))) {
            assertEquals(GenerationLab.DEFAULT_PROMPT, Practice1.forModel(lab, Practice1.part("A").runs().get(0)).prompt());
        }
    }

    @Test
    void runsKeepRealOutputsAndExportWithTheAnswers() {
        try (var lab = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"))) {
            var a = Practice1.run(lab, Practice1.part("A"), 6, 42, ProgressSink.NONE);
            assertEquals(3, a.size());
            assertTrue(a.get(0).text().startsWith(GenerationLab.DEFAULT_PROMPT));
            assertEquals(a, Practice1.run(lab, Practice1.part("A"), 6, 42, ProgressSink.NONE));
            String md = Practice1.toMarkdown(br.lncc.llm.text.Messages.PT_BR, "gpt2-tiny", Map.of("A", a), Map.of("A.2", "A1 repetiu mais."));
            assertTrue(md.contains("### A1 — τ = 0.2, top-p = 0.9 (semente 42"));
            assertTrue(md.contains(a.get(2).text()));
            assertTrue(md.contains("A1 repetiu mais."));
            assertTrue(md.contains("**A.3**") && md.contains("_(sem resposta)_"));
            // The book's Part D text ends in "game...": 4 of its 23 word 4-grams repeat → rep-4 = 4/23.
            assertTrue(md.contains("rep-4 = 0.174"), md);
            // The app's own words in the export follow the language; the book's questions stay as printed.
            String en = Practice1.toMarkdown(br.lncc.llm.text.Messages.ENGLISH, "gpt2-tiny", Map.of("A", a), Map.of());
            assertTrue(en.contains("- Model: gpt2-tiny") && en.contains("(seed 42;") && en.contains("_(no answer)_"), en);
        }
    }

    @Test
    void answerCheckLooksForEightyFive() {
        assertTrue(Practice1.mentions85("27 + 58 = 85."));
        assertFalse(Practice1.mentions85("The answer is 855"));
    }
}
