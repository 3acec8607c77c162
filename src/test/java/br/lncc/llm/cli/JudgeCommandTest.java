package br.lncc.llm.cli;

import static br.lncc.llm.cli.Gpt2CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code companion judge} on the tiny Qwen2 fixture: the JSON contract, the text report and bad input. */
class JudgeCommandTest {
    static final String QWEN = Path.of("src/test/resources/fixtures/qwen2-tiny").toString();

    private static Path pairs(Path dir, String... lines) throws Exception {
        Path f = dir.resolve("pares.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void jsonHasTheContractFieldsAndASummaryThatMatchesTheTrials(@TempDir Path dir) throws Exception {
        Path f = pairs(dir,
                "{\"question\":\"12 × 12?\",\"answer_a\":\"144.\",\"answer_b\":\"124.\",\"correct\":\"a\"}",
                "{\"question\":\"Capital da Austrália?\",\"answer_a\":\"Sydney.\",\"answer_b\":\"Canberra.\",\"correct\":\"b\"}");
        var r = run("judge", "--model", QWEN, "--pairs", f.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        JsonNode trials = j.get("trials");
        assertEquals(2 * 3 * 2, trials.size());
        int correct = 0, first = 0;
        Map<String, String> verdictByCell = new HashMap<>();
        int positionFlips = 0;
        Set<String> wordings = new HashSet<>();
        for (JsonNode t : trials) {
            for (String field : new String[] {"pair", "wording", "order", "prompt", "verdict", "p_first", "correct"}) {
                assertTrue(t.has(field), field + " in " + t);
            }
            assertTrue(t.get("prompt").asText().startsWith("<|im_start|>system"));
            String order = t.get("order").asText();
            String verdict = t.get("verdict").asText();
            assertTrue(order.equals("a-b") || order.equals("b-a"), order);
            boolean firstChosen = t.get("p_first").asDouble() >= 0.5;
            assertEquals(firstChosen ? order.substring(0, 1) : order.substring(2), verdict);
            if (firstChosen) first++;
            String reference = t.get("pair").asInt() == 1 ? "a" : "b";
            assertEquals(reference.equals(verdict), t.get("correct").asBoolean());
            if (t.get("correct").asBoolean()) correct++;
            wordings.add(t.get("wording").asText());
            String cell = t.get("pair").asInt() + "/" + t.get("wording").asText();
            String before = verdictByCell.put(cell, verdict);
            if (before != null && !before.equals(verdict)) positionFlips++;
        }
        assertEquals(Set.of("direta", "avaliador", "melhor"), wordings);
        JsonNode s = j.get("summary");
        assertEquals(12, s.get("trials").asInt());
        assertEquals(correct / 12.0, s.get("accuracy").asDouble(), 1e-12);
        assertEquals(first / 12.0, s.get("first_position_rate").asDouble(), 1e-12);
        assertEquals(positionFlips / 6.0, s.get("position_flip_rate").asDouble(), 1e-12);
        assertTrue(s.has("wording_flip_rate"));
        assertTrue(s.get("first_position_p").asDouble() > 0 && s.get("first_position_p").asDouble() <= 1);
        assertEquals(2, s.get("position_flip_ci95").size());
        assertEquals(3, s.get("by_wording").size());
        double meanAccuracy = 0;
        for (JsonNode w : s.get("by_wording")) meanAccuracy += w.get("accuracy").asDouble() / 3;
        assertEquals(correct / 12.0, meanAccuracy, 1e-12, "each wording judged the same 4 trials");
    }

    @Test
    void textReportListsTrialsAndTheSummary(@TempDir Path dir) throws Exception {
        Path f = pairs(dir, "{\"question\":\"7 × 8?\",\"answer_a\":\"54.\",\"answer_b\":\"56.\",\"correct\":\"b\"}");
        var r = run("judge", "--model", QWEN, "--pairs", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("modelo de conversa ChatML"), r.out());
        assertEquals(6, r.out().lines().filter(l -> l.matches("\\s+1  \\S+\\s+[ab]-[ab]\\s+[ab] .*")).count(), r.out());
        assertTrue(r.out().contains("Resumo (6 julgamentos"), r.out());
        assertTrue(r.out().contains("troca de ordem muda o veredito"), r.out());

        var en = run("--lang", "en", "judge", "--model", QWEN, "--pairs", f.toString());
        assertEquals(0, en.exit(), en.err());
        assertTrue(en.out().contains("ChatML chat template"), en.out());
        assertEquals(6, en.out().lines().filter(l -> l.matches("\\s+1  \\S+\\s+[ab]-[ab]\\s+[ab] .*")).count(), en.out());
        assertTrue(en.out().contains("Summary (6 judgements"), en.out());
        assertTrue(en.out().contains("swapping the order changes the verdict"), en.out());
        assertTrue(en.out().lines().noneMatch(br.lncc.llm.architecture.PortugueseLiteralsTest::portuguese), en.out());
    }

    @Test
    void badInputGoesToStderrWithExitOne(@TempDir Path dir) throws Exception {
        var missing = run("judge", "--model", QWEN, "--pairs", dir.resolve("nao-existe.jsonl").toString(), "--json");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("não existe"), missing.err());
        assertEquals("", missing.out());

        Path bad = pairs(dir, "{\"question\":\"Q\",\"answer_a\":\"a\",\"answer_b\":\"b\",\"correct\":\"a\"}", "{\"question\":\"Q\"");
        var malformed = run("judge", "--model", QWEN, "--pairs", bad.toString(), "--json");
        assertEquals(1, malformed.exit());
        assertTrue(malformed.err().contains("linha 2 de pares.jsonl"), malformed.err());

        Path longPair = pairs(dir, "{\"question\":\"" + "?".repeat(600) + "\",\"answer_a\":\"1\",\"answer_b\":\"2\",\"correct\":\"a\"}");
        var tooLong = run("judge", "--model", QWEN, "--pairs", longPair.toString(), "--json");
        assertEquals(1, tooLong.exit());
        assertTrue(tooLong.err().contains("512 posições"), tooLong.err());

        var noModel = run("judge", "--model", dir.toString());
        assertEquals(1, noModel.exit());
        assertTrue(noModel.err().startsWith("Erro"), noModel.err());
    }

    @Test
    void aModelWithNanLogitsIsRefusedInsteadOfReportingAPerfectPositionBias(@TempDir Path dir) throws Exception {
        Path broken = Files.createDirectories(dir.resolve("qwen2-nan"));
        for (String f : new String[] {"model.safetensors", "tokenizer.json", "tokenizer_config.json", "generation_config.json"}) {
            Files.copy(Path.of(QWEN, f), broken.resolve(f));
        }
        // rope_theta 0 makes every logit NaN; the judge then "always chose B" with p = 7e-15
        Files.writeString(broken.resolve("config.json"),
                Files.readString(Path.of(QWEN, "config.json")).replace("1000000.0", "0.0"));
        var r = run("judge", "--model", broken.toString(), "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("NaN"), r.err());
    }
}
