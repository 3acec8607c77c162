package br.lncc.llm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.architecture.PortugueseLiteralsTest;
import br.lncc.llm.bench.rarity.RarityTable;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.ch02.WorkedSelfAttention;
import br.lncc.llm.lesson.ch03.Rope;
import br.lncc.llm.lesson.ch07.Matrix;
import br.lncc.llm.lesson.ch08.JudgeFragility;
import br.lncc.llm.lesson.ch08.JudgePairsFile;
import br.lncc.llm.lesson.ch08.MiniRl;
import br.lncc.llm.lesson.ch08.ToyDpo;
import br.lncc.llm.model.Architecture;
import br.lncc.llm.model.BertInput;
import br.lncc.llm.model.KnownConfigs;
import br.lncc.llm.model.RotaryEmbedding;
import br.lncc.llm.platform.Display;
import br.lncc.llm.tokenize.CharTokenizer;
import br.lncc.llm.train.LoraConfig;
import br.lncc.llm.train.PeftAdapterFiles;
import br.lncc.llm.train.SftDataset;
import br.lncc.llm.weights.quant.Nf4Weight;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, "the English UI shows Portuguese errors": a failure raised below the UI and the CLI
 * (model, weights, tokenize, train, lesson, bench, platform) carries a key, so with the English
 * locale it reads with no Portuguese word — both for real failures triggered here and for every
 * English pattern of the bundles below the UI.
 */
class LowerLayerErrorsInEnglishTest {
    private static final Path TEXT_BUNDLES = Path.of("src/main/resources/br/lncc/llm/text");
    /** English patterns that are Portuguese on purpose, with the reason. */
    private static final Map<String, String> PORTUGUESE_ON_PURPOSE = Map.of(
            "pretrain.course.prompt", "the prompt given to the Portuguese course model (Cap. 6), not a sentence for the student");

    @Test
    void everyEnglishPatternBelowTheUiReadsWithoutPortuguese() throws IOException {
        List<String> portuguese = new ArrayList<>();
        try (Stream<Path> files = Files.list(TEXT_BUNDLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith("_en.properties")).sorted().toList()) {
                var bundle = new Properties();
                try (var in = Files.newBufferedReader(f)) {
                    bundle.load(in);
                }
                for (String key : new TreeMap<>(Map.copyOf(bundle)).keySet().stream().map(String::valueOf).toList()) {
                    if (PORTUGUESE_ON_PURPOSE.containsKey(key)) continue;
                    String pattern = bundle.getProperty(key);
                    if (PortugueseLiteralsTest.portuguese(pattern)) portuguese.add(f.getFileName() + " " + key + " = " + pattern);
                }
            }
        }
        assertEquals(List.of(), portuguese);
    }

    @Test
    void failuresRaisedBelowTheUiRenderInEnglish(@TempDir Path dir) throws IOException {
        var json = new ObjectMapper();
        Path badJsonl = Files.writeString(dir.resolve("train.jsonl"), "{\"text\": \"ok\"}\n{oops\n");
        Path badTokenizer = Files.writeString(dir.resolve("tokenizer.json"), "not json");
        List<Failure> failures = List.of(
                () -> Architecture.of(json.readTree("{\"model_type\": \"mamba\"}")),
                () -> KnownConfigs.read("no-such-model"),
                () -> RotaryEmbedding.scalingType(json.readTree("{\"rope_type\": \"yarn\"}")),
                () -> new RotaryEmbedding(10000, 3, null),
                () -> Nf4Weight.quantize(new float[] {Float.NaN, 1}, new long[] {2}, 64, false),
                () -> Nf4Weight.quantize(new float[] {1, 2}, new long[] {2}, 3, false),
                () -> CharTokenizer.readJson(badTokenizer),
                () -> new LoraConfig(0, 16, 0, List.of("c_attn"), null),
                () -> new LoraConfig(8, 16, 0, List.of("q_proj"), null),
                () -> SftDataset.readJsonl(badJsonl),
                () -> PeftAdapterFiles.load(dir, null, null),
                () -> WorkedSelfAttention.compute(WorkedSelfAttention.BOOK_VOCABULARY,
                        WorkedSelfAttention.bookEmbeddings(), "teddy flies"),
                () -> Rope.rotate(new double[][] {{1, 2, 3}}, new double[] {0}, 10000),
                () -> Matrix.of(new double[][] {{1, 2}, {3}}),
                () -> new JudgeFragility.Wording("curta", "{pergunta} {A}"),
                () -> JudgePairsFile.parse(List.of("{\"question\":\"Q\",\"answer_a\":\"a\",\"correct\":\"a\"}"), "p.jsonl"),
                () -> new MiniRl.Inputs(List.of("a"), new double[] {1}, 0, MiniRl.Method.values()[0], 4, 0.1, 10, 1),
                () -> new ToyDpo.Pair("Q", "same words", "same words"),
                () -> SentimentDataset.parseCsv("texto,sentimento\nbom filme,talvez\n", "s.csv"),
                () -> SentimentDataset.parseCsv("a,b\n1,2\n", "s.csv"),
                () -> RarityTable.parse(List.of("family,size"), "r.csv"));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < failures.size(); i++) {
            Message m = keyedMessageOf(i, failures.get(i), problems);
            if (m != null) check(m, problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noticesAndStatusesFromBelowTheUiRenderInEnglish() {
        List<String> problems = new ArrayList<>();
        check(new BertInput(new long[512], new String[512], new long[512], true, 700).notice(), problems);
        check(Display.missing(Map.of(), "Linux", null).orElseThrow(), problems);
        for (String status : List.of(ModelEntry.STATUS_READY, ModelEntry.STATUS_NOT_UNPACKED, ModelEntry.STATUS_INCOMPLETE,
                ModelEntry.STATUS_PICKLE_ONLY, ModelEntry.STATUS_MISSING)) {
            check(new ModelEntry("m", ModelEntry.HF_CACHE, Path.of("."), 0, "gpt2", status).statusText(), problems);
        }
        assertEquals(List.of(), problems);
        assertTrue(new BertInput(new long[512], new String[512], new long[512], true, 700).notice()
                .render(Messages.ENGLISH).startsWith("The text has 700 tokens, but BERT has only 512 positions"));
    }

    @FunctionalInterface
    private interface Failure {
        void run() throws Exception;
    }

    /** The key and arguments of what {@code failure} throws; a problem when it throws a bare literal or nothing. */
    private static Message keyedMessageOf(int index, Failure failure, List<String> problems) {
        try {
            failure.run();
            problems.add("failure " + index + " did not fail");
            return null;
        } catch (CompanionException e) {
            if (e.text().isLiteral()) problems.add("a literal, not a key: " + e.getMessage());
            return e.text();
        } catch (InvalidInputException e) {
            return e.text();
        } catch (Exception e) {
            problems.add("failure " + index + " is not a keyed exception: " + e);
            return null;
        }
    }

    private static void check(Message m, List<String> problems) {
        String english = m.render(Messages.ENGLISH);
        String portuguese = m.render(Messages.PT_BR);
        if (english.startsWith("!")) problems.add("unknown key " + m.key());
        if (PortugueseLiteralsTest.portuguese(english)) problems.add("Portuguese in English: " + english);
        if (english.equals(portuguese)) problems.add("the same text in both languages (a literal?): " + english);
        assertFalse(english.isBlank(), m.key());
        assertNotEquals("", portuguese, m.key());
    }
}
