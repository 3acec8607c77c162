package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parameter counts and per-layer settings from real config.json files alone (no weights). */
class LlamaConfigTest {

    static LlamaConfig config(String name) {
        return LlamaConfig.fromJson(KnownConfigs.read(name));
    }

    @Test
    void qwen2Instruct15bHasThePublishedParameterCount() {
        assertEquals(1_543_714_304L, config("qwen2-1.5b-instruct").parameterCount());
    }

    @Test
    void loraRank8OnQueryAndValueOfQwen2Trains1089536Parameters() {
        assertEquals(1_089_536L, config("qwen2-1.5b-instruct").loraParameters(8, Set.of("q_proj", "v_proj")));
    }

    @Test
    void peftSummaryLineOfN3LoraCell() {
        assertEquals("trainable params: 1,089,536 || all params: 1,544,803,840 || trainable%: 0.0705",
                config("qwen2-1.5b-instruct").loraSummary(8, Set.of("q_proj", "v_proj")));
    }

    @Test
    void smolLm2And135mAndTinyLlamaMatchTheirPublishedCounts() {
        assertEquals(134_515_008L, config("smollm2-135m").parameterCount());
        assertEquals(1_100_048_384L, config("tinyllama-1.1b-chat").parameterCount());
    }

    @Test
    void deepSeekDistillIsQwen2WithAnUntiedHead() {
        LlamaConfig c = config("deepseek-r1-distill-qwen-1.5b");
        assertEquals(Architecture.QWEN2, c.architecture());
        // Qwen2-1.5B's body plus a separate 151936 × 1536 lm_head: the "1.78B" of the model card.
        assertEquals(1_543_714_304L + 151_936L * 1536, c.parameterCount());
        assertEquals(494_032_768L, config("qwen2.5-0.5b-instruct").parameterCount(), "Qwen2.5-0.5B: \"0.49B\"");
        assertEquals(3_075_098_624L, config("smollm3-3b").parameterCount(), "SmolLM3-3B: \"3.08B\"");
    }

    @Test
    void phi2HasThePublishedParameterCount() {
        assertEquals(2_779_683_840L, PhiConfig.fromJson(KnownConfigs.read("phi-2")).parameterCount());
    }

    @Test
    void smolLm3MakesEveryFourthLayerNoPe() {
        LlamaConfig c = config("smollm3-3b");
        for (int i = 0; i < c.numLayers(); i++) assertEquals((i + 1) % 4 != 0, c.useRope()[i], "layer " + i);
        assertEquals(4, c.kvGroups());
    }

    @Test
    void qwen2SlidingWindowStartsAtMaxWindowLayers() throws Exception {
        ObjectNode json = (ObjectNode) KnownConfigs.read("qwen2.5-0.5b-instruct");
        assertArrayEquals(new int[24], config("qwen2.5-0.5b-instruct").slidingWindow(), "off unless use_sliding_window");
        json.put("use_sliding_window", true).put("sliding_window", 4096).put("max_window_layers", 20);
        int[] w = LlamaConfig.fromJson(json).slidingWindow();
        assertEquals(0, w[19]);
        assertEquals(4096, w[20]);
        assertEquals(4096, w[23]);
    }

    @Test
    void moduleTreeReadsLikePytorchPrintingTheHfModel() {
        String tree = ModuleTree.llama(config("qwen2-1.5b-instruct"));
        assertTrue(tree.startsWith("Qwen2ForCausalLM(\n  (model): Qwen2Model(\n    (embed_tokens): Embedding(151936, 1536)"));
        assertTrue(tree.contains("      (0-27): 28 x Qwen2DecoderLayer("));
        assertTrue(tree.contains("(k_proj): Linear(in_features=1536, out_features=256, bias=True)"));
        assertTrue(tree.contains("(o_proj): Linear(in_features=1536, out_features=1536, bias=False)"));
        assertTrue(tree.contains("(input_layernorm): Qwen2RMSNorm((1536,), eps=1e-06)"));
        assertTrue(tree.endsWith("  (lm_head): Linear(in_features=1536, out_features=151936, bias=False)\n)"));
        assertTrue(ModuleTree.phi(PhiConfig.fromJson(KnownConfigs.read("phi-2")))
                .contains("(input_layernorm): LayerNorm((2560,), eps=1e-05, elementwise_affine=True)"));
    }

    @Test
    void unsupportedArchitectureNamesTheFieldAndTheSupportedList() {
        ObjectNode json = new ObjectMapper().createObjectNode().put("model_type", "mamba");
        json.putArray("architectures").add("MambaForCausalLM");
        ModelException e = assertThrows(ModelException.class, () -> LlamaConfig.fromJson(json));
        assertTrue(e.getMessage().contains("model_type=\"mamba\""), e.getMessage());
        assertTrue(e.getMessage().contains("llama, qwen2, smollm3, phi"), e.getMessage());
    }

    @Test
    void unsupportedRopeScalingAndActivationAreNamed() {
        ObjectNode json = (ObjectNode) KnownConfigs.read("smollm2-135m");
        json.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0);
        ModelException e = assertThrows(ModelException.class, () -> LlamaConfig.fromJson(json));
        assertTrue(e.getMessage().contains("rope_scaling.rope_type=\"yarn\""), e.getMessage());
        assertTrue(e.getMessage().contains("default, linear, llama3"), e.getMessage());

        ObjectNode gelu = (ObjectNode) KnownConfigs.read("smollm2-135m");
        gelu.put("hidden_act", "gelu");
        e = assertThrows(ModelException.class, () -> LlamaConfig.fromJson(gelu));
        assertTrue(e.getMessage().contains("hidden_act=\"gelu\"") && e.getMessage().contains("silu"), e.getMessage());
    }

    @Test
    void llama3RopeScalingStretchesOnlyLongWavelengths() {
        var s = new ObjectMapper().createObjectNode().put("rope_type", "llama3").put("factor", 8.0)
                .put("low_freq_factor", 1.0).put("high_freq_factor", 4.0).put("original_max_position_embeddings", 8192);
        double[] plain = new RotaryEmbedding(500000, 128, null).inverseFrequencies();
        double[] scaled = new RotaryEmbedding(500000, 128, s).inverseFrequencies();
        assertEquals(plain[0], scaled[0], 0, "short wavelengths keep their frequency");
        assertEquals(plain[63] / 8, scaled[63], 1e-15, "long wavelengths are divided by the factor");
    }
}
