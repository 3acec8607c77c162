package br.lncc.llm.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Perplexity = exp(mean NLL of the predicted tokens), checked against NLLs summed by hand in float64. */
class PerplexityTest {
    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny"); // 128 positions, vocab 320
    static CausalLms.Opened opened;

    @BeforeAll
    static void open() {
        opened = CausalLms.loadWithTokenizer(TINY);
    }

    @AfterAll
    static void close() {
        opened.close();
    }

    /** −log softmax(logits of the last position of ids[from, to)) at token ids[to], in float64. */
    static double nllByHand(CausalLm model, long[] ids, int from, int to) {
        try (NDManager scope = model.manager().newSubManager()) {
            long[] ctx = Arrays.copyOfRange(ids, from, to);
            float[] logits = model.forward(scope.create(ctx).reshape(1, ctx.length), null, true, null).toFloatArray();
            double max = Double.NEGATIVE_INFINITY;
            for (float f : logits) max = Math.max(max, f);
            double z = 0;
            for (float f : logits) z += Math.exp(f - max);
            return -(logits[(int) ids[to]] - max - Math.log(z));
        }
    }

    static long[] ids(String text) {
        return opened.tokenizer().encode(text, false).ids();
    }

    @Test
    void shortTextIsExpOfTheMeanNllOfEveryTokenButTheFirst() {
        long[] ids = ids("o modelo prevê o próximo token a partir dos anteriores");
        assertTrue(ids.length > 5 && ids.length < 128, "fixture text fits the window: " + ids.length);
        double sum = 0;
        for (int j = 1; j < ids.length; j++) sum += nllByHand(opened.model(), ids, 0, j);
        Perplexity.Result r = Perplexity.of(opened.model(), ids);
        assertEquals(ids.length - 1, r.tokens());
        assertEquals(sum / (ids.length - 1), r.nll(), 1e-5);
        assertEquals(Math.exp(sum / (ids.length - 1)), r.ppl(), 1e-4 * r.ppl());
    }

    @Test
    void longTextSlidesTheWindowScoringEachTokenOnceWithItsWindowsContext() {
        long[] ids = ids("A perplexidade de um texto maior que a janela de contexto se calcula em janelas que deslizam. ".repeat(4));
        assertTrue(ids.length > 200, "the text must pass the 128-position window: " + ids.length);
        int window = 128, stride = 64;
        // By hand: token j is scored by the first window [b, b+128) (b a multiple of 64) that ends after j
        // and was not scored before, with the context from b.
        double sum = 0;
        int scoredUpTo = 1;
        for (int b = 0; scoredUpTo < ids.length; b += stride) {
            int end = Math.min(b + window, ids.length);
            for (int j = Math.max(scoredUpTo, b + 1); j < end; j++) sum += nllByHand(opened.model(), ids, b, j);
            scoredUpTo = Math.max(scoredUpTo, end);
        }
        Perplexity.Result r = Perplexity.of(opened.model(), ids, new Perplexity.Windowing(window, stride), ProgressSink.NONE);
        assertEquals(ids.length - 1, r.tokens());
        assertEquals(sum / (ids.length - 1), r.nll(), 1e-5);
        assertEquals(Math.exp(r.nll()), r.ppl(), 1e-12);
    }

    @Test
    void documentsArePooledByTokenNotByDocument() {
        long[] a = ids("um texto curto"), b = ids("e um segundo texto bem mais comprido que o primeiro, com mais tokens");
        var w = new Perplexity.Windowing(128, 64);
        Perplexity.Result ra = Perplexity.of(opened.model(), a, w, ProgressSink.NONE);
        Perplexity.Result rb = Perplexity.of(opened.model(), b, w, ProgressSink.NONE);
        Perplexity.Result both = Perplexity.ofDocuments(opened.model(), java.util.List.of(a, b), w, ProgressSink.NONE);
        assertEquals(ra.tokens() + rb.tokens(), both.tokens());
        assertEquals((ra.nll() * ra.tokens() + rb.nll() * rb.tokens()) / both.tokens(), both.nll(), 1e-9);
    }

    @Test
    void oneTokenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(opened.model(), new long[] {5}));
    }
}
