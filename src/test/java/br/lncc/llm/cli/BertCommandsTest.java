package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.reliability.Cli.Run;
import br.lncc.llm.weights.EmbeddedBertFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI contract of tokenize / attention / fill-mask on the embedded BERT, and its bad-input answers. */
class BertCommandsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SENTENCE = "A cute teddy bear is reading a book.";

    @BeforeAll
    static void unpackOnce() {
        EmbeddedBertFixture.folder();
    }

    /** The CLI captured in-process: one helper for every CLI test (Gpt2CommandsTest's). */
    static Run run(String... args) {
        return Gpt2CommandsTest.run(args);
    }

    @Test
    void tokenizeJsonGivesTokensAndIds() throws IOException {
        for (String id : new String[] {"bert-base-uncased", "google-bert/bert-base-uncased", "embedded",
                EmbeddedBertFixture.folder().toString()}) {
            Run r = run("tokenize", "--model", id, "--text", SENTENCE, "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode j = r.json();
            assertEquals("[101,1037,10140,11389,4562,2003,3752,1037,2338,1012,102]", j.get("ids").toString());
            assertEquals("teddy", j.get("tokens").get(3).asText());
        }
    }

    @Test
    void tokenizeWorksWithAGpt2TokenizerFolder() throws IOException {
        Run r = run("tokenize", "--model", "src/test/resources/fixtures/gpt2-tiny", "--text", "hello world", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(r.json().get("tokens").size(), r.json().get("ids").size());
        assertTrue(r.json().get("ids").size() > 0);
    }

    @Test
    void tokenizeGpt2WithoutItsFolderUsesTheEmbeddedBpeAndSaysSo() throws IOException {
        // HF: GPT2TokenizerFast("Transformers are models that") -> these ids and tokens
        for (String id : new String[] {"gpt2", "openai-community/gpt2", "distilgpt2"}) {
            Run r = run("tokenize", "--model", id, "--text", "Transformers are models that", "--json");
            assertEquals(0, r.exit(), r.err());
            if (!"gpt2-bpe-embedded".equals(r.json().get("tokenizer").asText())) continue; // a real gpt2 is cached here
            assertEquals("[41762,364,389,4981,326]", r.json().get("ids").toString());
            assertEquals("[\"Transform\",\"ers\",\"Ġare\",\"Ġmodels\",\"Ġthat\"]", r.json().get("tokens").toString());
            assertTrue(r.err().contains("embutido"), r.err());
        }
        // a byte that is half of "é" shows as GPT-2's byte character, never as U+FFFD
        Run accents = run("tokenize", "--model", "gpt2", "--text", "é😀", "--json");
        assertEquals(0, accents.exit(), accents.err());
        assertTrue(!accents.json().get("tokens").toString().contains("\uFFFD"), accents.out());
    }

    @Test
    void attentionJsonIsTheBooksLayer0Head0() throws IOException {
        Run r = run("attention", "--model", "bert-base-uncased", "--text", SENTENCE, "--layer", "0", "--head", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals(11, j.get("tokens").size());
        assertEquals(11, j.get("matrix").size());
        JsonNode teddy = j.get("matrix").get(3);
        assertEquals(0.1333, teddy.get(5).asDouble(), 5e-4);
        assertEquals(0.0869, teddy.get(6).asDouble(), 5e-4);
        double sum = 0;
        for (JsonNode v : teddy) sum += v.asDouble();
        assertEquals(1.0, sum, 1e-5);
        assertTrue(j.get("truncated") == null);
    }

    @Test
    void attentionOverLongTextTruncatesWithANotice() throws IOException {
        Run r = run("attention", "--model", "bert-base-uncased", "--text", "word ".repeat(600), "--layer", "11",
                "--head", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals(512, j.get("tokens").size());
        assertEquals(512, j.get("matrix").size());
        assertEquals("[SEP]", j.get("tokens").get(511).asText());
        assertTrue(j.get("truncated").asBoolean());
        assertEquals(602, j.get("original_tokens").asInt());
        assertTrue(j.get("notice").asText().contains("512"));
    }

    @Test
    void fillMaskJsonPutsParisFirst() throws IOException {
        Run r = run("fill-mask", "--model", "bert-base-uncased", "--text", "the capital of france is [MASK].", "--top", "3",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals(3, j.size());
        assertEquals("paris", j.get(0).get("token").asText());
        assertTrue(j.get(0).get("prob").asDouble() > j.get(1).get("prob").asDouble());
        assertTrue(j.get(0).get("prob").asDouble() <= 1.0);
    }

    @Test
    void fillMaskWithTwoMasksSaysWhichOneItAnswers() throws IOException {
        Run r = run("fill-mask", "--model", "bert-base-uncased", "--text", "[MASK] is the capital of [MASK].", "--top", "2",
                "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.json().size(), "the JSON contract stays a bare array");
        assertTrue(r.err().contains("2 [MASK]") && r.err().contains("primeiro"), r.err());
    }

    @Test
    void badInputGivesAMessageAndExitCode1() {
        assertFails(run("attention", "--model", "bert-base-uncased", "--text", "   ", "--json"), "vazio");
        assertFails(run("tokenize", "--model", "bert-base-uncased", "--text", "", "--json"), "vazio");
        assertFails(run("fill-mask", "--model", "bert-base-uncased", "--text", "no mask here", "--json"), "[MASK]");
        assertFails(run("attention", "--model", "bert-base-uncased", "--text", SENTENCE, "--layer", "12", "--json"), "camada 12");
        assertFails(run("attention", "--model", "bert-base-uncased", "--text", SENTENCE, "--head", "-1", "--json"), "cabeça -1");
        assertFails(run("attention", "--model", "/no/such/model/folder", "--text", SENTENCE, "--json"), "/no/such/model/folder");
        assertFails(run("fill-mask", "--model", "bert-base-uncased", "--text", "[MASK] x", "--top", "0", "--json"), "--top");
        assertEquals(2, run("attention", "--model", "bert-base-uncased", "--json").exit(), "missing --text is a usage error");
    }

    private static void assertFails(Run r, String messagePart) {
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(messagePart), r.err());
        assertEquals("", r.out().trim(), "nothing on stdout for a failed --json command");
    }
}
