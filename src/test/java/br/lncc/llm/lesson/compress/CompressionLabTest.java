package br.lncc.llm.lesson.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import br.lncc.llm.model.AttentionCapture;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.model.LinearInputTap;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lab on the tiny GPT-2 and Qwen2 fixtures: restore, honest budget, bad input, cancel. */
class CompressionLabTest {
    static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static final Path QWEN2 = Path.of("src/test/resources/fixtures/qwen2-tiny");
    static final List<String> CALIB = List.of(
            "o modelo de linguagem prevê o próximo token a partir dos anteriores",
            "a quantização reduz os bits de cada peso e a poda zera os menos importantes",
            "curto",
            "a perplexidade mede a surpresa média do modelo diante de um texto novo");
    static final String EVAL = "a compressão agressiva pode manter a perplexidade e ainda assim estragar a geração";
    static final List<String> PROMPTS = List.of("o modelo", "a poda");
    static final List<CompressionCondition> ALL = List.of(CompressionCondition.UNIFORM, CompressionCondition.ACT_ADAPTIVE,
            CompressionCondition.FISHER, CompressionCondition.FISHER_WANDA, CompressionCondition.MAGNITUDE);

    static CompressionRequest request(List<CompressionCondition> conditions, int bits, double sparsity, boolean skip) {
        return new CompressionRequest(conditions, bits, sparsity, 128, skip, false, CALIB, EVAL, PROMPTS, 6,
                Calibration.Settings.SEED, 4);
    }

    static float[] logits(CausalLm model) {
        try (NDManager scope = model.manager().newSubManager()) {
            long[] ids = {5, 17, 42, 99, 3, 7, 11, 64};
            return model.forward(scope.create(ids).reshape(1, ids.length), null, false, null).toFloatArray();
        }
    }

    @Test
    void afterAnAblationTheLogitsEqualTheOriginalBitForBit() {
        try (var m = CausalLms.loadWithTokenizer(GPT2)) {
            float[] before = logits(m.model());
            List<ConditionResult> seen = new ArrayList<>();
            AblationResult r = CompressionLab.run(m.model(), br.lncc.llm.train.TokenCodec.of(m.tokenizer()), CompressionTargets.float32(),
                    request(ALL, 4, 0.32, false), ProgressSink.NONE, seen::add);
            assertArrayEquals(before, logits(m.model()));
            assertEquals(5, r.conditions().size());
            assertEquals(6, seen.size(), "baseline + 5 conditions reported as they finish");
            assertFalse(r.cancelled());
            assertEquals(8, r.fisher().size(), "4 Conv1D per layer x 2 layers");
            for (ConditionResult c : r.conditions()) {
                assertTrue(c.ppl() > 0 && Double.isFinite(c.ppl()), c.toString());
                assertEquals(c.ppl() / r.baseline().ppl(), c.pplRatio(), 1e-12);
                assertEquals(PROMPTS.size(), c.outputs().size());
                assertTrue(c.allocation().containsKey("wte.weight"), "no skip: the tied matrix is compressed");
            }
            assertEquals(1.0, r.baseline().pplRatio());
        }
    }

    @Test
    void llamaFamilyConditionsRestoreTheFusedQkvAndGateUpMatrices() {
        try (var m = CausalLms.loadWithTokenizer(QWEN2)) {
            float[] before = logits(m.model());
            AblationResult r = CompressionLab.run(m.model(), br.lncc.llm.train.TokenCodec.of(m.tokenizer()), CompressionTargets.float32(),
                    request(List.of(CompressionCondition.UNIFORM, CompressionCondition.ACT_ADAPTIVE, CompressionCondition.MAGNITUDE),
                            2, 0.5, false), ProgressSink.NONE, c -> {});
            assertArrayEquals(before, logits(m.model()));
            assertEquals(3, r.conditions().size());
            assertTrue(r.tied());
            assertEquals(14, r.activation().size(), "q,k,v,o,gate,up,down x 2 layers");
            // A condition really changed the model while it ran.
            assertTrue(r.conditions().get(0).ppl() != r.baseline().ppl());
        }
    }

    /**
     * gpt2-tiny: V=320, C=64, 2 layers, 128 positions, inner 256. Linears per layer 64·192 + 64·64 + 64·256 + 256·64
     * = 49,152 → 98,304; the tied wte 20,480 once; wpe 8,192; biases and norms 2·832 + 128 = 1,792.
     */
    @Test
    void tiedEmbeddingIsCountedOnceWithAndWithoutSkipAsByHand() {
        try (var m = CausalLms.loadWithTokenizer(GPT2)) {
            CompressionTargets t = CompressionTargets.of(m.model());
            long linears = 98_304, wte = 20_480, others = 8_192 + 1_792;
            assertEquals(linears + wte + others, t.totalWeights());
            assertTrue(t.tied());
            assertEquals(wte / (double) (linears + wte + others), t.embeddingShare(), 1e-12);
            var skip = request(List.of(CompressionCondition.UNIFORM), 4, 0.32, true);
            var noSkip = request(List.of(CompressionCondition.UNIFORM), 4, 0.32, false);
            Calibration none = new Calibration(Map.of(), 0, 0);
            for (int stored : new int[] {32, 16}) {
                CompressionBudget b = CompressionLab.budget(t, CompressionLab.allocate(CompressionCondition.UNIFORM, t, none, Map.of(), skip),
                        n -> stored, skip);
                assertEquals(2.72, b.compressed(), 1e-12);
                assertEquals((2.72 * linears + stored * (wte + others)) / (linears + wte + others), b.allWeights(), 1e-12);
                CompressionBudget c = CompressionLab.budget(t, CompressionLab.allocate(CompressionCondition.UNIFORM, t, none, Map.of(), noSkip),
                        n -> stored, noSkip);
                assertEquals(2.72, c.compressed(), 1e-12);
                assertEquals(linears + wte, c.compressedWeights(), "the tied matrix once, not as embedding and head");
                assertEquals((2.72 * (linears + wte) + stored * others) / (linears + wte + others), c.allWeights(), 1e-12);
            }
        }
    }

    @Test
    void badInputIsRefusedWithAKeyedMessage() {
        assertEquals("compress.bits", assertThrows(CompressionException.class, () -> request(ALL, 0, 0.3, true)).key());
        assertEquals("compress.bits", assertThrows(CompressionException.class, () -> request(ALL, 9, 0.3, true)).key());
        assertEquals("compress.sparsity", assertThrows(CompressionException.class, () -> request(ALL, 4, -0.1, true)).key());
        assertEquals("compress.sparsity", assertThrows(CompressionException.class, () -> request(ALL, 4, 1.0, true)).key());
        var group = assertThrows(CompressionException.class, () -> new CompressionRequest(ALL, 4, 0.3, 0, true, false, CALIB, EVAL,
                PROMPTS, 5, Calibration.Settings.SEED, 4));
        assertEquals("compress.group", group.key());
        assertTrue(group.getMessage().contains("maior que 0"), group.getMessage());
        assertTrue(group.message(Locale.ENGLISH).contains("greater than 0"), group.message(Locale.ENGLISH));
        try (var m = CausalLms.loadWithTokenizer(GPT2)) {
            var empty = new CompressionRequest(ALL, 4, 0.3, 128, true, false, List.of("", "curto"), EVAL, PROMPTS, 5,
                    Calibration.Settings.SEED, 4);
            var e = assertThrows(CompressionException.class, () -> CompressionLab.run(m.model(), br.lncc.llm.train.TokenCodec.of(m.tokenizer()),
                    CompressionTargets.float32(), empty, ProgressSink.NONE, c -> {}));
            assertEquals("compress.calib.empty", e.key());
        }
    }

    @Test
    void anInstructCheckpointIsPromptedThroughItsChatTemplateAsTheSeedGenerates() {
        try (var m = CompressionModel.open(QWEN2)) {
            assertTrue(m.prompting().chat(), "qwen2-tiny ships a ChatML chat_template");
            assertEquals(List.of(258L, 256L), m.prompting().stopTokenIds(), "generation_config.json's end ids");
            AblationResult r = CompressionLab.run(m, request(List.of(CompressionCondition.UNIFORM), 4, 0.3, true), ProgressSink.NONE,
                    c -> {});
            assertTrue(r.chatTemplate());
            assertTrue(AblationExport.ablation(r).get("chat_template").asBoolean());
            // The seed's generate_with_chat_template, by hand: one user turn, the assistant's turn opened,
            // greedy with repetition penalty 1.3, stop on the end ids, decode the new ids without specials.
            String prompt = PROMPTS.get(0);
            String chat = m.prompting().template().userPrompt(null, prompt);
            assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n" + prompt
                    + "<|im_end|>\n<|im_start|>assistant\n", chat);
            long[] ids = m.codec().encode(chat);
            assertEquals(257L, ids[0], "<|im_start|> is one special token, not its characters");
            var settings = new br.lncc.llm.generate.GenerationSettings(6, br.lncc.llm.generate.Strategy.GREEDY, 1.3, 42, true, true,
                    KvCache.Layout.PREALLOCATED, 0, List.of(258L, 256L));
            long[] all = new br.lncc.llm.generate.Generator(m.model()).generate(ids, settings,
                    br.lncc.llm.generate.Generator.TokenListener.NONE, ProgressSink.NONE).allIds();
            String expected = m.codec().decode(java.util.Arrays.copyOfRange(all, ids.length, all.length));
            assertEquals(expected, r.baseline().outputs().get(0).text());
        }
        try (var m = CompressionModel.open(GPT2)) {
            assertFalse(m.prompting().chat(), "a base model has no template: raw prompts");
        }
    }

    @Test
    void fisherConditionsRunOnTheLlamaFamilyAndScoreQKAndVApart() {
        try (var m = CausalLms.loadWithTokenizer(QWEN2)) {
            float[] before = logits(m.model());
            AblationResult r = CompressionLab.run(m.model(), br.lncc.llm.train.TokenCodec.of(m.tokenizer()), CompressionTargets.float32(),
                    request(List.of(CompressionCondition.FISHER, CompressionCondition.FISHER_WANDA), 4, 0.3, true), ProgressSink.NONE,
                    c -> {});
            assertEquals(2, r.conditions().size());
            List<String> linears = CompressionTargets.of(m.model()).linears().stream().map(CompressionTargets.Target::name).toList();
            assertEquals(new java.util.TreeSet<>(linears), new java.util.TreeSet<>(r.fisher().keySet()), "one score per compressed linear, q/k/v apart");
            r.fisher().values().forEach(v -> assertTrue(v > 0 && Double.isFinite(v), r.fisher().toString()));
            // Fisher's bits differ per layer (6/4/3), so its budget is not the uniform one.
            var bits = r.conditions().get(0).allocation().values().stream().map(Allocation.Choice::bits).distinct().toList();
            assertTrue(bits.size() > 1, bits.toString());
            assertArrayEquals(before, logits(m.model()));
        }
    }

    @Test
    void aModelWithoutTheExpectedLinearsIsNamedWithItsArchitecture() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm odd = new CausalLm() {
                public String name() { return "odd-model"; }
                public int vocabSize() { return 4; }
                public int maxPositions() { return 8; }
                public int eosTokenId() { return -1; }
                public KvCache newCache(KvCache.Layout layout, int batch) { return null; }
                public NDArray forward(NDArray ids, KvCache c, boolean last, AttentionCapture a, LinearInputTap t) { return null; }
                public Map<String, NDArray> parameters() { return Map.of("wte.weight", manager.ones(new ai.djl.ndarray.types.Shape(4, 2)),
                        "blocks.0.mixer.weight", manager.ones(new ai.djl.ndarray.types.Shape(2, 2))); }
                public long weightsBytes() { return 0; }
                public NDManager manager() { return manager; }
                public void close() {}
            };
            var e = assertThrows(CompressionException.class, () -> CompressionTargets.of(odd));
            assertEquals("compress.no-linears", e.key());
            assertTrue(e.getMessage().contains("odd-model") && e.getMessage().contains("q_proj"), e.getMessage());
        }
    }

    @Test
    void cancelInTheMiddleOfAConditionKeepsTheFinishedOnesAndRestoresTheWeights() {
        try (var m = CausalLms.loadWithTokenizer(GPT2)) {
            float[] before = logits(m.model());
            // Cancel as soon as the second condition reports progress past its start (weights already changed).
            ProgressSink cancelInActAdaptive = new ProgressSink() {
                boolean cancelled;
                long start = -1;

                @Override
                public void update(long done, long total, String message) {}

                @Override
                public void update(long done, long total, br.lncc.llm.text.Message message) {
                    if (message.key().equals(CompressionLab.phaseKey(CompressionCondition.ACT_ADAPTIVE))) {
                        if (start < 0) start = done;
                        else if (done > start) cancelled = true;
                    }
                }

                @Override
                public boolean isCancelled() {
                    return cancelled;
                }
            };
            AblationResult r = CompressionLab.run(m.model(), br.lncc.llm.train.TokenCodec.of(m.tokenizer()), CompressionTargets.float32(),
                    request(List.of(CompressionCondition.UNIFORM, CompressionCondition.ACT_ADAPTIVE, CompressionCondition.MAGNITUDE),
                            3, 0.5, false), cancelInActAdaptive, c -> {});
            assertTrue(r.cancelled());
            assertEquals(List.of(CompressionCondition.UNIFORM), r.conditions().stream().map(ConditionResult::condition).toList());
            assertArrayEquals(before, logits(m.model()));
        }
    }

    @Test
    void bitSweepRunsUniformAtEachWidthAndRestores() {
        try (var m = CausalLms.loadWithTokenizer(GPT2)) {
            float[] before = logits(m.model());
            var request = new CompressionRequest(List.of(CompressionCondition.UNIFORM), 4, 0.0, 128, true, false, CALIB, EVAL,
                    PROMPTS, 4, Calibration.Settings.SEED, 4, List.of(8, 1));
            AblationResult r = CompressionLab.run(m.model(), br.lncc.llm.train.TokenCodec.of(m.tokenizer()),
                    CompressionTargets.float32(), request, ProgressSink.NONE, c -> {});
            assertArrayEquals(before, logits(m.model()));
            assertEquals(List.of(8, 1), r.sweep().stream().map(AblationExport::bitsOf).toList());
            assertEquals(8.0, r.sweep().get(0).budget().compressed(), 1e-12);
            assertEquals("uniform@1b", AblationExport.label(r.sweep().get(1), r));
            assertTrue(AblationExport.csv(r).contains("uniform@8b,"));
            // The decode path (KV cache, fused kernels) sees the compressed weights too, and the restored ones after.
            assertTrue(!r.sweep().get(1).outputs().equals(r.baseline().outputs()), "1-bit generations differ from the original");
            var again = CompressionLab.run(m.model(), br.lncc.llm.train.TokenCodec.of(m.tokenizer()), CompressionTargets.float32(),
                    request, ProgressSink.NONE, c -> {});
            assertEquals(r.baseline().outputs(), again.baseline().outputs(), "after restore the original generates the same");
        }
    }

    @Test
    void scriptSwitchesCountLettersOfScriptsThePromptDoesNotUse() {
        assertEquals(0, ScriptSwitches.count("Explique a contração excêntrica:", "A contração excêntrica, 3× mais força!"));
        assertEquals(2, ScriptSwitches.count("Explique a contração excêntrica:", "A contração 肌肉 excêntrica"));
        assertEquals(8, ScriptSwitches.count("What is velocity?", "Скорость is speed"), "8 Cyrillic letters in an English answer");
        assertEquals(0, ScriptSwitches.count("速度是什么?", "速度 = 10。"), "CJK prompt: CJK, digits and symbols allowed");
        assertEquals(2, ScriptSwitches.count("速度是什么?", "速度 = 10 m/s"), "the Latin letters m and s count");
    }
}
