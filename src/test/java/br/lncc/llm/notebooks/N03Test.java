package br.lncc.llm.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.cli.CompanionCommand;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N03 cell by cell: on the project's tiny Qwen2 (random weights, real formats, a Qwen-shaped
 * generation_config.json) every cell runs for real; without weights the config.json numbers of
 * Qwen2-1.5B-Instruct are PEFT's to the digit.
 */
class N03Test {
    static final Path QWEN_TINY = Path.of("src/test/resources/fixtures/qwen2-tiny");
    static Path outDir;
    static N03Result result;
    static String printed;

    @BeforeAll
    static void runOnTheFixture(@TempDir Path dir) throws IOException {
        outDir = dir.resolve("n03");
        var bytes = new ByteArrayOutputStream();
        result = new N03(new PrintStream(bytes, true, StandardCharsets.UTF_8), outDir, QWEN_TINY.toString(), 42)
                .run(ProgressSink.NONE);
        printed = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCellRunsAndTheDecodedTextStartsWithThePrompt() {
        for (int i = 1; i <= 9; i++) assertTrue(printed.contains("── N3.0" + i + " · "), "cell N3.0" + i + "\n" + printed);
        assertTrue(result.ranModel());
        assertFalse(printed.contains("[PULADO]"), printed);
        assertTrue(result.low().text().startsWith(N03.ATTENTION_PROMPT), result.low().text());
        assertTrue(result.high().text().startsWith(N03.ATTENTION_PROMPT));
        assertTrue(result.cached().text().startsWith(N03.ATTENTION_PROMPT), "N3.04 reads the global prompt of N3.02");
        assertTrue(result.chainOfThought().text().startsWith(N03.COT_PROMPT));
        assertTrue(result.fewShot().text().startsWith(N03.FEW_SHOT_PROMPT));
        assertTrue(printed.contains("Low temperature:\n " + N03.ATTENTION_PROMPT), "print(a, b) puts a space between");
        assertTrue(printed.contains("\nHigh temperature:\n " + N03.ATTENTION_PROMPT));
        assertTrue(result.cached().newTokens() == 50 || result.cached().stopReason().equals("eos"));
        assertTrue(printed.contains("INT4 / FP8 = menor memória, mais throughput, leve perda de precisão"));
        assertTrue(printed.contains("['MMLU-Pro', 'AIME-24/25', 'LiveBench', 'GPQA']"));
    }

    @Test
    void lowTemperatureSamplesFromSharperDistributionsThanHigh() {
        // Same prompt, same model: softmax(logits/0.2) is far more peaked than softmax(logits/0.9).
        double low = result.low().meanEntropy();
        double high = result.high().meanEntropy();
        assertTrue(low < high, "entropy τ=0.2 " + low + " vs τ=0.9 " + high);
        assertTrue(result.low().distinctRatio() <= result.high().distinctRatio(),
                result.low().distinctNew() + " vs " + result.high().distinctNew());
        assertEquals(result.low().newTokens(), result.low().entropies().length);
    }

    @Test
    void settingsTheNotebookDidNotPassComeFromTheCheckpointFile() {
        List<String> low = result.low().sources();
        assertTrue(low.contains("amostragem (explícito)"), low.toString());
        assertTrue(low.contains("temperature=0.2 (explícito)"), low.toString());
        assertTrue(low.contains("top_p=0.9 (explícito)"), low.toString());
        assertTrue(low.contains("top_k=20 (generation_config.json)"), low.toString());
        assertTrue(low.contains("repetition_penalty=1.1 (generation_config.json)"), low.toString());
        assertTrue(low.contains("eos_token_id=[258, 256] (generation_config.json)"), low.toString());
        List<String> cached = result.cached().sources();
        assertTrue(cached.contains("amostragem (generation_config.json: do_sample=true)"), cached.toString());
        assertTrue(cached.contains("temperature=0.7 (generation_config.json)"), cached.toString());
        assertTrue(cached.contains("top_p=0.8 (generation_config.json)"), cached.toString());
        List<String> cot = result.chainOfThought().sources();
        assertTrue(cot.contains("amostragem (generation_config.json: do_sample=true)"), "N3.05 passes no do_sample");
        assertTrue(cot.contains("temperature=0.7 (explícito)"), cot.toString());
        assertTrue(result.fewShot().sources().contains("temperature=0.3 (explícito)"));
        assertTrue(result.defaultsOrigin().endsWith("generation_config.json"), result.defaultsOrigin());
    }

    @Test
    void withoutTheCheckpointFileTheNotebookCallsAreGreedy(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("qwen2-tiny-no-defaults");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(QWEN_TINY)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("generation_config.json")) Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        var r = new N03(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir.resolve("out"),
                copy.toString(), 42).run(ProgressSink.NONE);
        assertTrue(r.cached().sources().contains("gulosa (padrão do transformers: do_sample=False)"), r.cached().sources().toString());
        // temperature=0.7 without do_sample: transformers stays greedy and ignores it
        assertTrue(r.chainOfThought().sources().contains(
                "gulosa (padrão do transformers: do_sample=False; a temperature passada não tem efeito)"),
                r.chainOfThought().sources().toString());
        assertTrue(r.low().sources().contains("top_k=0 (padrão do app)"), r.low().sources().toString());
        assertTrue(r.defaultsOrigin().startsWith("o modelo não tem"), r.defaultsOrigin());
    }

    @Test
    void chainOfThoughtCheckReportsWhatTheProducedTextSays() {
        boolean found = N03.containsAnswer144(result.chainOfThought().newText());
        assertEquals(found, result.cotHas144());
        assertTrue(printed.contains(found ? "a resposta contém 144" : "a resposta NÃO contém 144"), printed);
        assertTrue(N03.containsAnswer144("So 12 × 12 = 144 heads."));
        assertTrue(N03.containsAnswer144("Total: 144"));
        assertFalse(N03.containsAnswer144("1440 heads"));
        assertFalse(N03.containsAnswer144("144,000 or 2.144"));
        assertFalse(N03.containsAnswer144("12 layers and 12 heads"));
    }

    @Test
    void loraCellCountsTheFixturesAdaptersAndChecksTheLoadedTensors() {
        // q_proj 64→64 and v_proj 64→16 (2 KV heads of 8), r = 8, 2 layers: 2·(8·128 + 8·80) = 3,328
        assertEquals("trainable params: 3,328 || all params: 90,880 || trainable%: 3.6620", result.loraLine());
        assertEquals(87_552, result.parameters());
        assertEquals(87_552, result.loadedParameters(), "config.json count = tensors actually loaded");
        assertEquals(List.of(8L, 64L), result.firstLoraShape());
        assertTrue(printed.contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight torch.Size([8, 64])"));
    }

    @Test
    void filesGoToTheOutputFolder() throws IOException {
        assertTrue(Files.size(outDir.resolve("N3.02-entropia-por-passo.png")) > 1000);
        var json = new ObjectMapper().readTree(outDir.resolve("N03-resultados.json").toFile());
        assertEquals(result.loraLine(), json.get("loraLine").asText());
        assertEquals(result.low().text(), json.get("low").get("text").asText());
    }

    @Test
    void withoutWeightsTheConfigNumbersArePeftsForQwen2(@TempDir Path dir) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var r = new N03(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, N03.MODEL_ID, 42, id -> Optional.empty())
                .run(ProgressSink.NONE);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(r.ranModel());
        assertNull(r.low());
        assertNull(r.cotHas144());
        // PEFT on the fp16 model in the notebook (N3.08), to the digit
        assertEquals("trainable params: 1,089,536 || all params: 1,544,803,840 || trainable%: 0.0705", r.loraLine());
        assertEquals("base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight", r.firstLoraName());
        assertEquals(List.of(8L, 1536L), r.firstLoraShape());
        assertEquals(1_543_714_304L, r.parameters());
        assertTrue(text.contains("fp16 3.09 GB"), "inventory: about 3.1 GB of fp16 weights\n" + text);
        assertTrue(text.contains("companion models download Qwen/Qwen2-1.5B-Instruct"), text);
        assertTrue(text.contains("(28): 28 x Qwen2DecoderLayer") || text.contains("(0-27): 28 x Qwen2DecoderLayer"), text);
        // the generation settings each cell would get are still shown, from the embedded defaults
        assertTrue(text.contains("top_k=20 (generation_config.json)"), text);
        assertTrue(text.contains("[PULADO]"), text);
        assertTrue(text.contains("torch.Size([8, 1536])"), text);
        // N3.02's temperature comparison still runs: on the course model, said plainly, Portuguese prompt
        assertTrue(text.contains("[modelo do curso] Qwen/Qwen2-1.5B-Instruct não está neste computador"), text);
        assertTrue(r.courseLow().text().startsWith("Para instalar o programa"), r.courseLow().text());
        assertTrue(r.courseLow().meanEntropy() < r.courseHigh().meanEntropy(), "τ = 0.2 is sharper than τ = 0.9");
        assertTrue(Files.size(dir.resolve("N3.02-entropia-por-passo.png")) > 1000);
    }

    @Test
    void cliNotebookN03ExitsZeroAndWritesItsFiles(@TempDir Path dir) {
        PrintStream oldOut = System.out;
        var bytes = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code = CompanionCommand.run(new String[] {"notebook", "N03", "--model", QWEN_TINY.toString(), "--out",
                    dir.toString(), "--seed", "7"});
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(0, code);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("── N3.09"));
        assertTrue(Files.exists(dir.resolve("N03-resultados.json")));
        assertTrue(Files.exists(dir.resolve("N3.02-entropia-por-passo.png")));
    }

    @Test
    void cliRefusesAModelThatIsNeitherFolderNorId() {
        PrintStream oldErr = System.err;
        var err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = CompanionCommand.run(new String[] {"notebook", "N03", "--model", "/não/existe"});
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("não é uma pasta existente"), err.toString(StandardCharsets.UTF_8));
    }
}
