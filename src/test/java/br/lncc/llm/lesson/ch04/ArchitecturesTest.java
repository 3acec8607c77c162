package br.lncc.llm.lesson.ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

    @Test
    void causalMaskIsLowerTriangularAndBidirectionalIsFull() {
        double[][] causal = Architectures.mask(5, true);
        double[][] full = Architectures.mask(5, false);
        double sumCausal = 0;
        double sumFull = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                sumCausal += causal[i][j];
                sumFull += full[i][j];
                if (j > i) assertEquals(0, causal[i][j]);
            }
        }
        assertEquals(15, sumCausal); // n(n+1)/2: each token sees itself and the past
        assertEquals(25, sumFull);
    }

    @Test
    void gpt2PiecesOfTheBookPrompt() {
        assertEquals(List.of("Transform", "ers", "␣are", "␣models", "␣that"),
                Architectures.gpt2Pieces("Transformers are models that"));
    }

    @Test
    void torchinfoSummaryMatchesTheNotebook() {
        String s = Architectures.gpt2Summary();
        assertTrue(s.contains("38,597,376"));
        assertTrue(s.contains("7,087,872"));
        assertTrue(s.contains("Total (torchinfo): 163,037,184"));
        assertTrue(s.contains("Parâmetros únicos: 124,439,808"));
        String english = Architectures.gpt2Summary(br.lncc.llm.text.Messages.ENGLISH);
        assertTrue(english.contains("Unique parameters: 124,439,808") && english.contains("Layer (type)"), english);
        assertTrue(english.lines().noneMatch(br.lncc.llm.architecture.PortugueseLiteralsTest::portuguese), english);
        assertTrue(Architectures.gpt2Tree().contains("(c_attn): Conv1D(nf=2304, nx=768)"));
        assertTrue(Architectures.bertTree().contains("(word_embeddings): Embedding(30522, 768, padding_idx=0)"));
    }
}
