package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TokenizerException;
import br.lncc.llm.tokenize.TokenizerFileCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 8: a hostile tokenizer.json is refused with a message instead of aborting the JVM. */
class HostileTokenizerTest {
    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    /** The tiny GPT-2 with a Split pre-tokenizer using {@code regex} in front of its own. */
    private Path modelWithPattern(String regex) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m" + Math.abs(regex.hashCode())));
        for (String f : List.of("config.json", "model.safetensors")) Files.copy(TINY.resolve(f), dir.resolve(f));
        ObjectNode t = (ObjectNode) JSON.readTree(TINY.resolve("tokenizer.json").toFile());
        var seq = JSON.createObjectNode().put("type", "Sequence");
        var split = seq.putArray("pretokenizers").addObject().put("type", "Split").put("behavior", "Isolated").put("invert", false);
        split.putObject("pattern").put("Regex", regex);
        ((com.fasterxml.jackson.databind.node.ArrayNode) seq.get("pretokenizers")).add(t.get("pre_tokenizer"));
        t.set("pre_tokenizer", seq);
        JSON.writeValue(dir.resolve("tokenizer.json").toFile(), t);
        return dir;
    }

    @Test
    void aCatastrophicPatternIsRefusedByTokenizeInOneLineWithoutAbortingTheProcess() throws Exception {
        // (a{1,10}){1,10}$: a bounded count, the shape that still aborted the JVM after (a+)+$ was caught.
        for (String pattern : List.of("(a+)+$", "(a{1,10}){1,10}$")) refusedInAChildProcess(modelWithPattern(pattern));
    }

    private void refusedInAChildProcess(Path model) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A child process: without the check this run ends in a Rust panic (exit 134), not in an answer.
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dcompanion.relaunch=false", "-Dcompanion.home=" + tmp.resolve("home"), "br.lncc.llm.Main", "tokenize",
                "--model", model.toString(), "--text", "a".repeat(200) + "!").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), output);
        List<String> errors = output.lines().filter(l -> l.startsWith("Erro")).toList();
        assertEquals(1, errors.size(), output);
        assertTrue(errors.get(0).contains("retrocesso catastrófico"), output);
    }

    @Test
    void theShapesOfCatastrophicBacktrackingAreRecognised() {
        // Bounded counts nest too: (a{1,10}){1,10}$ and (.*a){30}$ aborted the JVM (exit 134) before they were recognised.
        for (String bad : List.of("(a+)+$", "(x|xx)+y", "(a*)*", "(\\w+\\s?)*$", "((ab)*c)+", "([a-z]+)+!",
                "(a{1,10}){1,10}$", "(.*a){30}$", "(a{2,})+$", "(a+){2}$", "([0-9]{1,3})*x")) {
            assertTrue(TokenizerFileCheck.nestedRepetition(bad), bad);
        }
        for (String fine : List.of("(?>a+)+", "(a+)++", "(ab)+", "a+b*", "[(+)]+", "(a{1})+", "(ab){3}", "(a{0,1}b)+", "\\p{N}{1,3}",
                "(a+){1}", "a{2}{")) {
            assertTrue(!TokenizerFileCheck.nestedRepetition(fine), fine);
        }
    }

    @Test
    void anImportOfSuchAModelIsRefusedToo() throws Exception {
        Path model = modelWithPattern("(x|xx)+y");
        var catalog = new br.lncc.llm.hub.ModelCatalog(new br.lncc.llm.hub.HfCache(tmp.resolve("hf")), tmp.resolve("imported.json"), tmp.resolve("bert"));
        var e = assertThrows(br.lncc.llm.hub.HubException.class, () -> catalog.importFolder(model));
        assertTrue(e.getMessage().contains("retrocesso catastrófico"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("imported.json")));
    }

    @Test
    void thePatternsOfRealTokenizersAndEveryFixturePass() throws Exception {
        // GPT-2, Llama 3 / Qwen2 (possessive and case-insensitive groups), a digit splitter.
        for (String real : List.of(
                "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
                "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
                "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+",
                "\\p{N}")) {
            assertTrue(!TokenizerFileCheck.nestedRepetition(real), "loads at once, no child process: " + real);
            TokenizerFileCheck.requireSafe(modelWithPattern(real).resolve("tokenizer.json"));
        }
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/fixtures"))) {
            for (Path t : s.filter(f -> f.getFileName().toString().equals("tokenizer.json")).toList()) TokenizerFileCheck.requireSafe(t);
        }
    }

    @Test
    void aBenchmarkWhoseModelFailsMidRunStillWritesThePartialReport() throws Exception {
        var arithmetic = new ArithmeticCompleter();
        var failing = new br.lncc.llm.bench.TextCompleter() {
            int calls;

            @Override
            public String name() {
                return arithmetic.name();
            }

            @Override
            public Completion complete(String prompt, int maxNewTokens) {
                if (++calls == 4) throw new TokenizerException("falha simulada do tokenizador");
                return arithmetic.complete(prompt, maxNewTokens);
            }
        };
        var meter = new EnergyMeter(new br.lncc.llm.bench.energy.CpuLoadEstimator(54, br.lncc.llm.bench.energy.CpuLoadEstimator.Mode.PROCESS), 3);
        var bench = new EnergyBenchmark(meter, GridIntensity.BRAZIL, EnergyBenchmark.Settings.defaults());
        Path out = tmp.resolve("out");
        assertThrows(TokenizerException.class,
                () -> bench.run(failing, List.of("1 + 1", "2 + 2", "3 + 3", "4 + 4"), out, false, ProgressSink.NONE));
        var report = JSON.readTree(EnergyBenchmark.reportFile(out, failing.name()).toFile());
        assertEquals(2, report.get("query_history").size(), "warm-up + 2 queries measured before the failure");
        assertTrue(!report.get("complete").asBoolean());
    }
}
