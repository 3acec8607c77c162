package br.lncc.llm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    }

    @Test
    void badConfigIsRefused() {
        assertThrows(TrainingException.class, () -> new LoraConfig(0, 16, 0.1, List.of("c_attn")));
        assertThrows(TrainingException.class, () -> new LoraConfig(8, 16, 1.0, List.of("c_attn")));
        var e = assertThrows(TrainingException.class, () -> new LoraConfig(8, 16, 0.1, List.of("q_proj")));
        assertTrue(e.getMessage().contains("q_proj"));
    }
}
