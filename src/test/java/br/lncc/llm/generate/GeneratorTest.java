package br.lncc.llm.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.Checkpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static JsonNode expected;
    static Gpt2 model;
    static long[] prompt;
    static long[] referenceGreedy;

    @BeforeAll
    static void load() throws IOException {
        expected = new ObjectMapper().readTree(TINY.resolve("expected.json").toFile());
        model = Gpt2.load(TINY);
        prompt = ids(expected.get("prompt_ids"));
        long[] all = ids(expected.get("greedy_ids"));
        referenceGreedy = Arrays.copyOfRange(all, prompt.length, all.length);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static long[] ids(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    private Generation run(GenerationSettings s) {
        return new Generator(model).generate(prompt, s, Generator.TokenListener.NONE, ProgressSink.NONE);
    }

    @Test
    void greedyMatchesTheReferenceWithAndWithoutKvCache() {
        GenerationSettings greedy = GenerationSettings.greedy(referenceGreedy.length).withStopAtEos(false);
        Generation preallocated = run(greedy);
        Generation concat = run(greedy.withCacheLayout(KvCache.Layout.CONCAT));
        Generation noCache = run(greedy.withCache(false));
        assertArrayEquals(referenceGreedy, preallocated.newIds());
        assertArrayEquals(referenceGreedy, concat.newIds());
        assertArrayEquals(referenceGreedy, noCache.newIds());
        assertEquals(Generation.StopReason.MAX_TOKENS, preallocated.stopReason());
        assertTrue(preallocated.prefillMs() > 0);
        assertEquals(referenceGreedy.length - 1, preallocated.msPerToken().length);
    }

    @Test
    void sameSeedSameTokensWithAndWithoutCache() {
        GenerationSettings s = GenerationSettings.sampling(20, 0.9, 0, 0.9, 2026).withStopAtEos(false);
        Generation a = run(s), b = run(s), c = run(s.withCache(false));
        assertArrayEquals(a.newIds(), b.newIds());
        assertArrayEquals(a.newIds(), c.newIds());
        Generation other = run(GenerationSettings.sampling(20, 0.9, 0, 0.9, 2027).withStopAtEos(false));
        assertTrue(!Arrays.equals(a.newIds(), other.newIds()));
    }

    @Test
    void stopsAtTheEndOfSequenceToken() {
        Gpt2.Config c = model.config();
        long eos = referenceGreedy[3];
        Gpt2.Config withEos = new Gpt2.Config(c.vocabSize(), c.nPositions(), c.nEmbd(), c.nLayer(), c.nHead(),
                c.nInner(), c.layerNormEps(), (int) eos);
        try (Checkpoint ck = Checkpoint.open(TINY); Gpt2 m = Gpt2.load(ck, withEos, "tiny")) {
            Generation g = new Generator(m).generate(prompt, GenerationSettings.greedy(20), Generator.TokenListener.NONE,
                    ProgressSink.NONE);
            assertEquals(Generation.StopReason.EOS, g.stopReason());
            assertArrayEquals(Arrays.copyOf(referenceGreedy, 4), g.newIds());
        }
    }

    @Test
    void stopsWhenTheContextWindowIsFull() {
        long[] longPrompt = new long[120];
        Arrays.fill(longPrompt, 5);
        Generation g = new Generator(model).generate(longPrompt, GenerationSettings.greedy(50).withStopAtEos(false),
                Generator.TokenListener.NONE, ProgressSink.NONE);
        assertEquals(Generation.StopReason.CONTEXT_FULL, g.stopReason());
        assertEquals(8, g.newIds().length);
    }

    @Test
    void cancelKeepsThePartialText() {
        List<Long> streamed = new ArrayList<>();
        ProgressSink cancelAfterThree = new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return streamed.size() >= 3;
            }
        };
        Generation g = new Generator(model).generate(prompt, GenerationSettings.greedy(20).withStopAtEos(false),
                (step, id, d) -> streamed.add(id), cancelAfterThree);
        assertEquals(Generation.StopReason.CANCELLED, g.stopReason());
        assertArrayEquals(Arrays.copyOf(referenceGreedy, 3), g.newIds());
        assertEquals(List.of(referenceGreedy[0], referenceGreedy[1], referenceGreedy[2]), streamed);
    }

    @Test
    void distributionsAreRecordedOnRequest() {
        GenerationSettings s = GenerationSettings.sampling(5, 0.7, 0, 0.9, 1).withStopAtEos(false).withDistributions(10);
        Generation g = run(s);
        assertEquals(5, g.distributions().size());
        for (int i = 0; i < 5; i++) {
            StepDistribution d = g.distributions().get(i);
            assertEquals(g.newIds()[i], d.chosenId());
            assertEquals(10, d.ids().length);
            assertTrue(d.keptMass() >= 0.9 && d.nucleusSize() >= 1);
            for (int r = 1; r < 10; r++) assertTrue(d.probsBefore()[r] <= d.probsBefore()[r - 1]);
        }
        // Describing must not change which tokens are drawn.
        assertArrayEquals(run(s.withDistributions(0)).newIds(), g.newIds());
    }

    @Test
    void emptyOrTooLongPromptIsRefusedClearly() {
        Generator gen = new Generator(model);
        var e = assertThrows(ModelException.class, () -> gen.generate(new long[0], GenerationSettings.greedy(3),
                Generator.TokenListener.NONE, ProgressSink.NONE));
        assertTrue(e.getMessage().contains("vazio"));
        assertThrows(ModelException.class, () -> gen.generate(new long[128], GenerationSettings.greedy(3),
                Generator.TokenListener.NONE, ProgressSink.NONE));
    }

    @Test
    void nativeMemoryStaysFlatOverManyForwardPasses() {
        int before = model.manager().getManagedArrays().size();
        Generator gen = new Generator(model);
        for (int i = 0; i < 4; i++) {
            gen.generate(prompt, GenerationSettings.greedy(50).withStopAtEos(false), Generator.TokenListener.NONE,
                    ProgressSink.NONE);
        }
        assertEquals(before, model.manager().getManagedArrays().size());
    }
}
