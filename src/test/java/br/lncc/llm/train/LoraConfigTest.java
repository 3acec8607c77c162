package br.lncc.llm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.model.Gpt2;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PEFT's print_trainable_parameters() for the book's LoRA, from the config alone. */
class LoraConfigTest {

    private final Gpt2.Config gpt2 = Gpt2.Config.gpt2Small();

    @Test
    void booksLoraOnGpt2Trains811008Parameters() {
        var s = LoraConfig.book().summary(gpt2);
        assertEquals(811_008, s.trainable());
        assertEquals(125_250_816, s.all());
        assertEquals(0.6475, s.percent(), 5e-5);
        assertEquals("trainable params: 811,008 || all params: 125,250,816 || trainable%: 0.6475", s.peftLine());
        // c_proj matches both attn.c_proj and mlp.c_proj, as in PEFT: 3 modules per block.
        assertEquals(36, LoraConfig.book().targetedModules(gpt2).size());
        assertEquals(2.0, LoraConfig.book().scaling());
    }

    @Test
    void cAttnAloneTrains294912() {
        var c = new LoraConfig(8, 16, 0.1, List.of("c_attn"));
        assertEquals(294_912, c.trainableParameters(gpt2));
        assertEquals("trainable params: 294,912 || all params: 124,734,720 || trainable%: 0.2364", c.summary(gpt2).peftLine());
    }

    @Test
    void layersToTransformKeepsTheChosenBlocksOnly() {
        var firstHalf = List.of(0, 1, 2, 3, 4, 5);
        assertEquals(147_456, new LoraConfig(8, 16, 0.1, List.of("c_attn"), firstHalf).trainableParameters(gpt2));
        assertEquals(405_504, LoraConfig.book().withLayers(firstHalf).trainableParameters(gpt2));
        var one = LoraConfig.book().withLayers(List.of(11));
        assertEquals(List.of("h.11.attn.c_attn", "h.11.attn.c_proj", "h.11.mlp.c_proj"), List.copyOf(one.targetedModules(gpt2).keySet()));
        // Unsorted or repeated indices mean the same set, as PEFT's "index in list" test does.
        assertEquals(List.of(1, 3), LoraConfig.book().withLayers(List.of(3, 1, 3)).layersToTransform());
        var e = assertThrows(TrainingException.class, () -> LoraConfig.book().withLayers(List.of(12)).targetedModules(gpt2));
        assertTrue(e.getMessage().contains("12 blocos"), e.getMessage());
    }

    @Test
    void targetsMatchByPathSuffixAsPeftDoes() {
        // "c_proj" alone is two modules per block; the path suffixes pick one each.
        var attnOnly = new LoraConfig(8, 16, 0, List.of("c_attn", "attn.c_proj"));
        assertEquals(8 * (768 + 2304) * 12 + 8 * (768 + 768) * 12, attnOnly.trainableParameters(gpt2));
        assertTrue(attnOnly.targets("h.0.attn.c_proj"));
        assertFalse(attnOnly.targets("h.0.mlp.c_proj"));
        var mlp = new LoraConfig(8, 16, 0, List.of("c_fc", "mlp.c_proj"));
        assertEquals(8 * (768 + 3072) * 2 * 12, mlp.trainableParameters(gpt2));
        // An exact module key ignores layers_to_transform in PEFT; a suffix does not.
        var exact = new LoraConfig(8, 16, 0, List.of("transformer.h.7.attn.c_attn", "c_fc"), List.of(0));
        assertEquals(List.of("h.0.mlp.c_fc", "h.7.attn.c_attn"), List.copyOf(exact.targetedModules(gpt2).keySet()));
        assertThrows(TrainingException.class, () -> new LoraConfig(8, 16, 0, List.of("attn.c_fc")).targetedModules(gpt2));
    }

    @Test
    void checkBoxesBecomeTheShortestTargetList() {
        assertEquals(List.of("c_attn", "c_proj"), LoraConfig.targetsFor(List.of("attn.c_attn", "attn.c_proj", "mlp.c_proj")));
        assertEquals(List.of("c_attn", "attn.c_proj"), LoraConfig.targetsFor(List.of("attn.c_attn", "attn.c_proj")));
        assertEquals(List.of("c_fc", "mlp.c_proj"), LoraConfig.targetsFor(List.of("mlp.c_fc", "mlp.c_proj")));
        for (var modules : List.of(List.of("attn.c_proj"), List.of("mlp.c_proj", "attn.c_attn"), LoraConfig.GPT2_MODULES)) {
            var c = new LoraConfig(8, 16, 0, LoraConfig.targetsFor(modules));
            for (String m : LoraConfig.GPT2_MODULES) assertEquals(modules.contains(m), c.targets("h.4." + m), modules + " " + m);
        }
    }

    @Test
    void badConfigIsRefused() {
        assertThrows(TrainingException.class, () -> new LoraConfig(0, 16, 0.1, List.of("c_attn")));
        assertThrows(TrainingException.class, () -> new LoraConfig(8, 16, 1.0, List.of("c_attn")));
        var e = assertThrows(TrainingException.class, () -> new LoraConfig(8, 16, 0.1, List.of("q_proj")));
        assertTrue(e.getMessage().contains("q_proj"));
    }
}
