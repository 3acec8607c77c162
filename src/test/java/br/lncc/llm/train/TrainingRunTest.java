package br.lncc.llm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.quant.Nf4Weight;
import br.lncc.llm.weights.quant.QuantFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFT, LoRA and QLoRA on the project's tiny GPT-2 fixture (2 layers, 64 dims, 320 tokens). */
class TrainingRunTest {
    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    private static SftDataset data;

    @BeforeAll
    static void dataset() {
        try (var tok = TextTokenizer.fromFolder(TINY)) {
            data = SftDataset.tokenize(SftDataset.bookRows(), tok, 256, 319);
        }
    }

    private static TrainingRun.Settings settings(TrainingMethod m, double lr, int steps) {
        // Dropout off and constant lr so that the curve is a property of the method, not of noise.
        var s = TrainingRun.Settings.book(m).withSteps(steps).withLearningRate(lr).withModelDropout(0);
        return new TrainingRun.Settings(m, steps, 2, lr, false, 0, 0, m == TrainingMethod.SFT ? null
                : new LoraConfig(8, 16, 0.0, List.of("c_attn", "c_proj")), s.seed());
    }

    private static void assertLossFalls(List<TrainingRun.StepRecord> h) {
        assertTrue(h.get(h.size() - 1).loss() < h.get(0).loss() - 0.05, "loss " + h.get(0).loss() + " → " + h.get(h.size() - 1).loss());
        for (var r : h) assertTrue(Double.isFinite(r.loss()) && r.millis() > 0);
    }

    @Test
    void sftLowersTheLossAndMovesEveryWeight() {
        try (Gpt2 model = Gpt2.load(TINY)) {
            float[] before = model.parameters().get("h.0.attn.c_attn.weight").toFloatArray();
            var w = Gpt2Weights.of(model);
            try (var run = new TrainingRun(w, settings(TrainingMethod.SFT, 1e-3, 8))) {
                assertLossFalls(run.run(data, ProgressSink.NONE, null));
                var s = run.summary();
                assertEquals(model.config().uniqueParameters(), s.trainableParameters());
                assertEquals(100.0, s.trainablePercent(), 1e-9);
                assertEquals(2 * s.trainableBytes(), s.optimizerBytes());
            }
            float[] after = model.parameters().get("h.0.attn.c_attn.weight").toFloatArray();
            assertFalse(java.util.Arrays.equals(before, after));
        }
    }

    @Test
    void loraLowersTheLossAndLeavesTheBaseBitIdentical() {
        try (Gpt2 model = Gpt2.load(TINY)) {
            Map<String, float[]> before = snapshot(model);
            try (var run = new TrainingRun(Gpt2Weights.of(model), settings(TrainingMethod.LORA, 3e-3, 8));
                    var adapters = run.adapters()) {
                assertLossFalls(run.run(data, ProgressSink.NONE, null));
                var s = run.summary();
                // 2 layers × (c_attn 8·(64+192) + attn.c_proj 8·(64+64) + mlp.c_proj 8·(256+64))
                assertEquals(2 * (8 * 256 + 8 * 128 + 8 * 320), s.trainableParameters());
                assertEquals(model.config().uniqueParameters() + s.trainableParameters(), s.allParameters());
            }
            Map<String, float[]> after = snapshot(model);
            for (var e : before.entrySet()) assertArrayEquals(e.getValue(), after.get(e.getKey()), 0f, e.getKey());
        }
    }

    @Test
    void qloraTrainsAdaptersOverAnNf4BaseThatStaysQuantized() {
        try (var w = Gpt2Weights.load(TINY, QuantFormat.NF4)) {
            assertEquals(8, w.quantized().size()); // 4 Conv1D weights × 2 layers
            var packed = new LinkedHashMap<String, byte[]>();
            w.quantized().forEach((k, v) -> packed.put(k, ((Nf4Weight) v).packed()));
            try (var run = new TrainingRun(w, settings(TrainingMethod.QLORA, 3e-3, 8)); var adapters = run.adapters()) {
                assertLossFalls(run.run(data, ProgressSink.NONE, null));
                try (Gpt2 fp32 = Gpt2.load(TINY)) {
                    assertTrue(run.summary().base().bytes() < Gpt2Weights.of(fp32).footprint().bytes());
                }
            }
            w.quantized().forEach((k, v) -> assertArrayEquals(packed.get(k), ((Nf4Weight) v).packed(), k));
        }
    }

    @Test
    void freshAdaptersStartExactlyAtTheBaseModel() {
        try (Gpt2 model = Gpt2.load(TINY); NDManager scope = model.manager().newSubManager()) {
            var w = Gpt2Weights.of(model);
            try (var lora = LoraAdapters.init(LoraConfig.book(), model.config(), model.manager(), 1)) {
                var a = lora.adapters().get("h.0.attn.c_attn");
                assertArrayEquals(new long[] {8, 64}, a.a().getShape().getShape());
                assertArrayEquals(new long[] {192, 8}, a.b().getShape().getShape());
                for (float v : a.a().toFloatArray()) assertTrue(Math.abs(v) <= 1 / Math.sqrt(64));
                NDArray ids = scope.create(data.ids()[0], new Shape(1, data.length()));
                float[] plain = new Gpt2Graph(w, null, 0).logits(ids, null, false).toFloatArray();
                float[] adapted = new Gpt2Graph(w, lora, 0).logits(ids, null, false).toFloatArray();
                assertArrayEquals(plain, adapted, 0f);
                // And our graph is the model's own forward pass.
                float[] reference = model.forward(ids, null, false, null).toFloatArray();
                assertArrayEquals(reference, plain, 1e-4f);
            }
        }
    }

    @Test
    void mergedWeightsEqualBasePlusScaledBA() {
        try (Gpt2 model = Gpt2.load(TINY); Gpt2 merged = Gpt2.load(TINY); NDManager scope = model.manager().newSubManager()) {
            var config = new LoraConfig(4, 8, 0, List.of("c_attn", "c_fc"));
            try (var lora = LoraAdapters.init(config, model.config(), model.manager(), 3)) {
                for (var a : lora.adapters().values()) a.b().addi(0.05f); // any non-zero B
                for (var a : lora.adapters().values()) {
                    // Conv1D stores [in, out]: add (ΔW)ᵀ to the checkpoint layout.
                    float[] delta = Gpt2Weights.transpose(lora.deltaW(a.module()), a.out(), a.in());
                    NDArray w = merged.parameters().get(a.module() + ".weight");
                    try (NDArray d = scope.create(delta, w.getShape())) {
                        w.addi(d);
                    }
                }
                NDArray ids = scope.create(data.ids()[1], new Shape(1, data.length()));
                float[] adapted = new Gpt2Graph(Gpt2Weights.of(model), lora, 0).logits(ids, null, false).toFloatArray();
                float[] folded = new Gpt2Graph(Gpt2Weights.of(merged), null, 0).logits(ids, null, false).toFloatArray();
                assertArrayEquals(folded, adapted, 1e-4f);
            }
        }
    }

    @Test
    void loraGradientMatchesFiniteDifferences() {
        try (Gpt2 model = Gpt2.load(TINY); NDManager scope = model.manager().newSubManager()) {
            var w = Gpt2Weights.of(model);
            var config = new LoraConfig(2, 4, 0, List.of("c_attn"));
            try (var lora = LoraAdapters.init(config, model.config(), model.manager(), 5)) {
                var ad = lora.adapters().get("h.1.attn.c_attn");
                ad.b().addi(0.1f);
                var graph = new Gpt2Graph(w, lora, 0);
                NDArray ids = scope.create(data.ids()[0], new Shape(1, data.length()));
                lora.setTrainable(true);
                float analytic;
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(Gpt2Graph.loss(graph.logits(ids, null, true), ids));
                    NDArray g = ad.b().getGradient();
                    analytic = g.getFloat(5, 1);
                    g.muli(0);
                    g.close();
                }
                lora.setTrainable(false);
                float h = 1e-2f;
                double plus = lossWith(graph, ad.b(), ids, h);
                double minus = lossWith(graph, ad.b(), ids, -h);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic, 2e-3 + 0.02 * Math.abs(numeric));
            }
        }
    }

    /**
     * DJL builds the scalar of mul(Number) over a direct buffer and frees it after the product;
     * autograd kept pointing at it, so a garbage collection between forward and backward gave
     * garbage (often NaN) gradients. Here the freed memory is collected and refilled with NaN.
     */
    @Test
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() throws Exception {
        try (Gpt2 model = Gpt2.load(TINY); NDManager scope = model.manager().newSubManager()) {
            var w = Gpt2Weights.of(model);
            try (var lora = LoraAdapters.init(new LoraConfig(2, 4, 0, List.of("c_attn", "c_fc")), model.config(), model.manager(), 5)) {
                for (var a : lora.adapters().values()) a.b().addi(0.1f);
                lora.setTrainable(true);
                var graph = new Gpt2Graph(w, lora, 0);
                NDArray ids = scope.create(data.ids()[0], new Shape(1, data.length()));
                float[] reference = gradientOfFirstA(graph, lora, ids, false);
                for (int round = 0; round < 3; round++) {
                    float[] again = gradientOfFirstA(graph, lora, ids, true);
                    for (float v : again) assertTrue(Float.isFinite(v));
                    assertArrayEquals(reference, again, 1e-6f);
                }
            }
        }
    }

    private static float[] gradientOfFirstA(Gpt2Graph graph, LoraAdapters lora, NDArray ids, boolean collectBetween) throws Exception {
        var a = lora.adapters().get("h.0.attn.c_attn").a();
        try (var gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = Gpt2Graph.loss(graph.logits(ids, null, true), ids);
            if (collectBetween) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(20); // direct buffers are freed by the Cleaner thread after the collection
                }
                List<java.nio.ByteBuffer> reuse = new ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    var b = java.nio.ByteBuffer.allocateDirect(4 + (i % 8) * 4).order(java.nio.ByteOrder.nativeOrder());
                    while (b.remaining() >= 4) b.putFloat(Float.NaN);
                    reuse.add(b);
                }
                gc.backward(loss);
                reuse.clear();
            } else {
                gc.backward(loss);
            }
            NDArray g = a.getGradient();
            float[] out = g.toFloatArray();
            g.muli(0);
            g.close();
            return out;
        }
    }

    private static double lossWith(Gpt2Graph graph, NDArray b, NDArray ids, float h) {
        float old = b.getFloat(5, 1);
        b.set(new ai.djl.ndarray.index.NDIndex(5, 1), old + h);
        double l = Gpt2Graph.loss(graph.logits(ids, null, false), ids).getFloat();
        b.set(new ai.djl.ndarray.index.NDIndex(5, 1), old);
        return l;
    }

    @Test
    void peftFilesRoundTripAndRefuseAnotherBase(@TempDir Path dir) throws Exception {
        try (Gpt2 model = Gpt2.load(TINY);
                var lora = LoraAdapters.init(LoraConfig.book(), model.config(), model.manager(), 9)) {
            for (var a : lora.adapters().values()) a.b().addi(0.01f);
            PeftAdapterFiles.save(lora, dir, "gpt2-tiny");
            String cfg = Files.readString(dir.resolve(PeftAdapterFiles.CONFIG));
            assertTrue(cfg.contains("\"peft_type\" : \"LORA\"") && cfg.contains("\"lora_alpha\" : 16.0"), cfg);
            try (var file = br.lncc.llm.weights.SafetensorsFile.open(dir.resolve(PeftAdapterFiles.WEIGHTS))) {
                assertTrue(file.contains("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight"));
                assertTrue(file.contains("base_model.model.transformer.h.1.mlp.c_proj.lora_B.weight"));
                assertEquals(2 * 3 * 2, file.names().size());
            }
            try (var back = PeftAdapterFiles.load(dir, model.config(), model.manager())) {
                for (var a : lora.adapters().values()) {
                    var b = back.adapters().get(a.module());
                    assertArrayEquals(a.a().toFloatArray(), b.a().toFloatArray(), 0f);
                    assertArrayEquals(a.b().toFloatArray(), b.b().toFloatArray(), 0f);
                }
                assertEquals(2.0, back.config().scaling());
            }
            var e = assertThrows(TrainingException.class,
                    () -> PeftAdapterFiles.load(dir, Gpt2.Config.gpt2Small(), model.manager()));
            assertTrue(e.getMessage().contains("h.0.attn.c_attn.lora_A.weight") && e.getMessage().contains("[8, 768]"), e.getMessage());
        }
    }

    @Test
    void layersToTransformRoundTripsAndLoadsOnlyThoseBlocks(@TempDir Path dir) throws Exception {
        try (Gpt2 model = Gpt2.load(TINY);
                var lora = LoraAdapters.init(new LoraConfig(4, 8, 0, List.of("c_attn", "mlp.c_proj"), List.of(1)),
                        model.config(), model.manager(), 9)) {
            assertEquals(List.of("h.1.attn.c_attn", "h.1.mlp.c_proj"), List.copyOf(lora.adapters().keySet()));
            for (var a : lora.adapters().values()) a.b().addi(0.02f);
            PeftAdapterFiles.save(lora, dir, "gpt2-tiny");
            var cfg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(PeftAdapterFiles.CONFIG).toFile());
            assertEquals("[1]", cfg.get("layers_to_transform").toString());
            assertEquals("[\"c_attn\",\"mlp.c_proj\"]", cfg.get("target_modules").toString());
            try (var back = PeftAdapterFiles.load(dir, model.config(), model.manager())) {
                assertEquals(lora.config(), back.config());
                assertEquals(lora.adapters().keySet(), back.adapters().keySet());
                assertEquals(4 * (64 + 192) + 4 * (256 + 64), back.parameterCount());
                var a = lora.adapters().get("h.1.mlp.c_proj");
                assertArrayEquals(a.b().toFloatArray(), back.adapters().get("h.1.mlp.c_proj").b().toFloatArray(), 0f);
            }
            // PEFT also writes a single index as a bare integer.
            Files.writeString(dir.resolve(PeftAdapterFiles.CONFIG),
                    Files.readString(dir.resolve(PeftAdapterFiles.CONFIG)).replace("\"layers_to_transform\" : [ 1 ]", "\"layers_to_transform\" : 1"));
            try (var back = PeftAdapterFiles.load(dir, model.config(), model.manager())) {
                assertEquals(List.of(1), back.config().layersToTransform());
            }
        }
    }

    @Test
    void brokenAdapterFoldersAreNamed(@TempDir Path dir) throws Exception {
        try (Gpt2 model = Gpt2.load(TINY);
                var lora = LoraAdapters.init(LoraConfig.book(), model.config(), model.manager(), 9)) {
            var e = assertThrows(TrainingException.class, () -> PeftAdapterFiles.load(dir, model.config(), model.manager()));
            assertTrue(e.getMessage().contains("adapter_config.json"), e.getMessage());
            PeftAdapterFiles.save(lora, dir, "gpt2-tiny");
            Path weights = dir.resolve(PeftAdapterFiles.WEIGHTS);
            byte[] bytes = Files.readAllBytes(weights);
            Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            e = assertThrows(TrainingException.class, () -> PeftAdapterFiles.load(dir, model.config(), model.manager()));
            assertTrue(e.getMessage().contains("corrompido"), e.getMessage());
            Files.writeString(dir.resolve(PeftAdapterFiles.CONFIG), "{ not json");
            e = assertThrows(TrainingException.class, () -> PeftAdapterFiles.load(dir, model.config(), model.manager()));
            assertTrue(e.getMessage().contains("adapter_config.json") && e.getMessage().contains("corrompido"), e.getMessage());
        }
    }

    @Test
    void divergingLearningRateStopsWithAMessage() {
        try (Gpt2 model = Gpt2.load(TINY); var run = new TrainingRun(Gpt2Weights.of(model), settings(TrainingMethod.SFT, 1e30, 5))) {
            List<TrainingRun.StepRecord> seen = new ArrayList<>();
            var e = assertThrows(TrainingException.class, () -> run.run(data, ProgressSink.NONE, seen::add));
            assertTrue(e.getMessage().contains("diverge"), e.getMessage());
            assertFalse(seen.isEmpty()); // the curve up to the failure is kept
        }
    }

    @Test
    void generatesGreedilyBeforeAndAfter() {
        try (Gpt2 model = Gpt2.load(TINY); var tok = TextTokenizer.fromFolder(TINY);
                var run = new TrainingRun(Gpt2Weights.of(model), settings(TrainingMethod.LORA, 1e-2, 2));
                var adapters = run.adapters()) {
            String text = run.generate(tok, SftDataset.REFERENCE_PROMPT, 5);
            assertTrue(text.length() > 0);
        }
    }

    @Test
    void badDatasetsAreNamed(@TempDir Path dir) throws Exception {
        try (var tok = TextTokenizer.fromFolder(TINY)) {
            var e = assertThrows(TrainingException.class, () -> SftDataset.tokenize(List.of("ok text", " "), tok, 256, 319));
            assertTrue(e.getMessage().contains("linha 2"));
        }
        Path f = dir.resolve("data.jsonl");
        Files.writeString(f, "{\"text\": \"one\"}\n\n{\"texto\": \"two\"}\n");
        var e = assertThrows(TrainingException.class, () -> SftDataset.readJsonl(f));
        assertTrue(e.getMessage().contains("linha 3"), e.getMessage());
        Files.writeString(f, "{\"text\": \"one\"}\nnot json\n");
        assertThrows(TrainingException.class, () -> SftDataset.readJsonl(f));
        Files.writeString(f, "{\"text\": \"one\"}\n{\"text\": \"two\"}\n");
        assertEquals(List.of("one", "two"), SftDataset.readJsonl(f));
    }

    private static Map<String, float[]> snapshot(Gpt2 model) {
        Map<String, float[]> m = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> m.put(k, v.toFloatArray()));
        return m;
    }
}
