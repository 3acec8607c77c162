package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatsCommandTest {

    /** Runs the CLI capturing stdout; returns {exit code, stdout}. */
    static Object[] run(String... args) {
        var r = Gpt2CommandsTest.run(args);
        return new Object[] {r.exit(), r.out()};
    }

    static JsonNode json(String... args) throws Exception {
        Object[] r = run(args);
        assertEquals(0, r[0], "exit code");
        return new ObjectMapper().readTree((String) r[1]);
    }

    @Test
    void mcnemarJsonIsTheContract() throws Exception {
        JsonNode n = json("stats", "mcnemar", "--b", "47", "--c", "88", "--json");
        assertEquals(2, n.size());
        assertEquals(11.851851851851851, n.get("statistic").asDouble(), 1e-15);
        assertEquals(0.0005760403386062825, n.get("pvalue").asDouble(), 1e-15);
        assertEquals(47, json("stats", "mcnemar", "--b", "47", "--c", "88", "--exact", "--json").get("statistic").asDouble());
    }

    @Test
    void otherTestsPrintPureJson() throws Exception {
        assertEquals(17.0, json("stats", "mannwhitney", "--x", "19,22,16,29,24", "--y", "20,11,17,12", "--json").get("statistic").asDouble());
        assertEquals(0.8207826816681233,
                json("stats", "correlation", "--x", "1,2,3,4,5", "--y", "5,6,7,8,7", "--method", "spearman", "--json").get("statistic").asDouble(), 1e-12);
        // groups {1,2,3} and {3,4,5}: SSB = 6, SSW = 4, F = (6/1)/(4/4) = 6
        assertEquals(6.0, json("stats", "anova", "--group", "1,2,3", "--group", "3,4,5", "--json").get("statistic").asDouble(), 1e-12);
    }

    @Test
    void badNumbersExitOneWithMessage() {
        assertEquals(1, run("stats", "mannwhitney", "--x", "1,a", "--y", "2")[0]);
    }

    @Test
    void rarityCommandScoresTheShippedTable() throws Exception {
        var file = java.nio.file.Files.createTempFile("rarity", ".csv");
        try (var in = getClass().getResourceAsStream("/assets/bench/rarity-models.csv")) {
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        JsonNode n = json("rarity", "--table", file.toString(), "--json");
        assertEquals(17, n.get("models_in_table").asInt());
        assertEquals(15, n.get("models_after_version_filter").asInt());
        var baselines = new java.util.TreeSet<String>();
        for (JsonNode c : n.get("selection")) {
            for (JsonNode p : c.get("selected")) if (p.get("baseline").asBoolean()) baselines.add(p.get("model").asText());
        }
        // all five of the seed's mandatory baselines are in the shipped table
        assertEquals(new java.util.TreeSet<>(java.util.List.of("Foundation-Sec 8B", "GPT-OSS 20B", "Granite 3.2 8B", "Llama 3.1 8B", "Llama 3.3 70B")), baselines);
    }

    @Test
    void rarityRefusesANegativeTopAndABaselineThatIsNotInTheTable() {
        String table = "src/main/resources/assets/bench/rarity-models.csv";
        var r = Gpt2CommandsTest.run("rarity", "--table", table, "--top", "-2", "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--top"), r.err());
        r = Gpt2CommandsTest.run("rarity", "--table", table, "--baseline", "Lama 3.1 8B", "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Lama 3.1 8B") && r.err().contains("Llama 3.1 8B"), "the typo and the names in the table: " + r.err());
        assertEquals(0, Gpt2CommandsTest.run("rarity", "--table", table, "--baseline", "llama 3.1 8b", "--json").exit());
    }

    @Test
    void rarityNamesANonNumericSizeColumn() throws Exception {
        var file = java.nio.file.Files.createTempFile("rarity", ".csv");
        java.nio.file.Files.writeString(file, "family,size_b,version,attention,activation,norm,context\nFoo,abc,1,MHA,GeLU,LayerNorm,2K\n");
        var r = Gpt2CommandsTest.run("rarity", "--table", file.toString(), "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("linha 2") && r.err().contains("size_b") && r.err().contains("abc"), r.err());
        assertTrue(!r.err().contains("For input string"), r.err());
    }

    @Test
    void rarityOnATableWithoutModelsSaysSo() throws Exception {
        var file = java.nio.file.Files.createTempFile("rarity", ".csv");
        java.nio.file.Files.writeString(file, "# only a comment\n");
        var r = Gpt2CommandsTest.run("rarity", "--table", file.toString(), "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("nenhum modelo"), r.err());
    }
}
