package br.lncc.llm.bench.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentTest {

    @Test
    void promptsAreTheSeedsCharacterForCharacter() {
        String base = "Classifique o sentimento como positivo ou negativo.\nTexto: Bom filme.";
        assertEquals(base + "\nSentimento:", SentimentPrompts.normal("Bom filme."));
        assertEquals(base + "\n\n" + base + "\nSentimento:", SentimentPrompts.repeated("Bom filme."));
    }

    @Test
    void predictionIsTextAfterLastMarkerLowerCased() {
        String p = SentimentPrompts.normal("x");
        assertEquals("positivo.", SentimentPrompts.prediction(p, " Positivo.\n"));
        // a continuation that repeats the cue: the notebook keeps what follows the last one
        assertEquals("neg", SentimentPrompts.prediction(p, " ok\nSentimento: NEG"));
        assertTrue(SentimentPrompts.correct("positivo", "positivo."));
        assertFalse(SentimentPrompts.correct("negativo", "neg"));
    }

    @Test
    void efficiencyGainFromTheSeedNumbers() {
        // seed 000: acc 0.8 → 0.882, tokens 366.404 → 729.804, prints 0.00022564667033571811
        assertEquals(0.00022564667033571811, SentimentMetrics.efficiencyGain(0.8, 0.882, 366.404, 729.804), 1e-19);
    }

    @Test
    void metricsCountTheTwoByTwoTable() {
        List<SampleResult> rs = new ArrayList<>();
        // 47 b-cases, 88 c-cases, 300 both right, 65 both wrong → McNemar as the seed
        for (int i = 0; i < 500; i++) {
            boolean n = i < 47 || (i >= 135 && i < 435);
            boolean r = (i >= 47 && i < 135) || (i >= 135 && i < 435);
            rs.add(new SampleResult(i + 1, "" + i, "positivo", "t", "", "", n, r, 0.2, 0.4, 366, 730, false));
        }
        SentimentMetrics m = SentimentMetrics.of(rs);
        assertEquals(47, m.b());
        assertEquals(88, m.c());
        assertEquals(300, m.a());
        assertEquals(65, m.d());
        assertEquals(0.694, m.accuracyNormal(), 1e-12);
        assertEquals(0.776, m.accuracyRepeated(), 1e-12);
        assertEquals(11.851851851851851, m.mcnemarStatistic(), 1e-15);
        assertEquals(0.0005760403386062825, m.mcnemarPvalue(), 1e-15);
        assertEquals(364.0, m.deltaTokens(), 1e-12);
    }

    @Test
    void csvWithQuotedCommasAndNewlinesAndNumericLabels() {
        String csv = "id,texto,sentimento\n7,\"Bom, muito \"\"bom\"\"\nmesmo\",1\n8,Ruim,0\n";
        List<LabeledText> d = SentimentDataset.parseCsv(csv, "t.csv");
        assertEquals(2, d.size());
        assertEquals("Bom, muito \"bom\"\nmesmo", d.get(0).text());
        assertEquals("positivo", d.get(0).label());
        assertEquals("8", d.get(1).id());
        assertEquals("negativo", d.get(1).label());
    }

    @Test
    void missingColumnsAndBadLabelsAreClearErrors() {
        var e = assertThrows(BenchmarkException.class, () -> SentimentDataset.parseCsv("id,review_body,label\n1,x,1\n", "t.csv"));
        assertTrue(e.getMessage().contains("falta a coluna de texto"), e.getMessage());
        e = assertThrows(BenchmarkException.class, () -> SentimentDataset.parseCsv("text,label\nx,talvez\n", "t.csv"));
        assertTrue(e.getMessage().contains("rótulo desconhecido 'talvez'"), e.getMessage());
        e = assertThrows(BenchmarkException.class, () -> SentimentDataset.parseJsonl("{\"text\":\"x\"}\n", "t.jsonl"));
        assertTrue(e.getMessage().contains("falta a coluna de rótulo"), e.getMessage());
    }

    @Test
    void jsonlAndSeededSample() {
        var d = SentimentDataset.parseJsonl("{\"text\":\"a\",\"label\":\"positive\"}\n{\"texto\":\"b\",\"sentimento\":0,\"id\":9}\n", "t");
        assertEquals("9", d.get(1).id());
        var demo = SentimentDataset.demo();
        assertEquals(16, demo.size());
        assertEquals(SentimentDataset.sample(demo, 5, 42), SentimentDataset.sample(demo, 5, 42));
        assertEquals(16, SentimentDataset.sample(demo, 500, 42).size());
    }

    @Test
    void runJudgesBothPromptsAndResumesAfterAKill(@TempDir Path out) throws Exception {
        var samples = SentimentDataset.sample(SentimentDataset.demo(), 8, 42);
        var exp = new SentimentExperiment();
        var model = new ArithmeticCompleter();
        int[] done = {0};
        ProgressSink stopAfter5 = new ProgressSink() {
            public void update(long d, long total, String message) {
                done[0] = (int) d;
            }

            public boolean isCancelled() {
                return done[0] >= 5;
            }
        };
        SentimentReport partial = exp.run(model, samples, "demo", 42, out, false, stopAfter5);
        assertFalse(partial.complete());
        assertEquals(5, partial.samples().size());
        assertEquals(10, model.prompts.size());
        Path log = SentimentExperiment.logFile(out, model.name());
        Files.writeString(log, "{\"index\":6,\"id\":\"de", StandardOpenOption.APPEND);

        var resumed = new ArithmeticCompleter();
        SentimentReport full = exp.run(resumed, samples, "demo", 42, out, true, ProgressSink.NONE);
        assertEquals(6, resumed.prompts.size()); // exactly the 3 missing reviews, two prompts each
        assertEquals(SentimentPrompts.normal(samples.get(5).text()), resumed.prompts.get(0));
        assertTrue(full.complete());
        assertEquals(8, JsonlLog.read(log).size());
        // the stand-in answers "positivo" to every repeated prompt: accuracy = share of positives
        long positives = samples.stream().filter(s -> s.label().equals("positivo")).count();
        assertEquals(positives / 8.0, full.metrics().accuracyRepeated(), 1e-12);
        var reread = SentimentExperiment.readReport(SentimentExperiment.reportFile(out, model.name()));
        assertEquals(full.metrics(), reread.metrics());
    }
}
