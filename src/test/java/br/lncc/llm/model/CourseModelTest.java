package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.tokenize.ByteLevelBpe;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The course model the app ships (pre-trained by `companion pretrain`, Cap. 6): it loads and it learned Portuguese. */
class CourseModelTest {

    @Test
    void shippedModelLoadsWithItsFactsAndAnHfTokenizerDjlReads() throws Exception {
        var f = CourseModel.facts();
        assertEquals(2_197_824, f.parameters());
        assertEquals(2049, f.vocabSize());
        assertEquals(128, f.context());
        assertTrue(f.license().startsWith("GFDL"), f.license());
        assertTrue(f.valLoss() < f.unigramEntropy() - 1.5, f.valLoss() + " vs " + f.unigramEntropy());
        assertTrue(Files.size(CourseModel.folder().resolve("model.safetensors")) < 20L << 20);
        String text = "Para instalar o programa, use o comando apt-get install.";
        try (TextTokenizer djl = CourseModel.tokenizer()) {
            int[] ours = ByteLevelBpe.readJson(CourseModel.folder().resolve("tokenizer.json")).encode(text);
            long[] ids = djl.encode(text, false).ids();
            assertArrayEquals(java.util.Arrays.stream(ours).asLongStream().toArray(), ids);
        }
    }

    @Test
    void predictsTechnicalPortugueseFarBetterThanAModelThatIgnoresContext() {
        String text = "O comando ls lista os arquivos do diretório atual. Para mudar de diretório, use o comando cd.";
        try (Gpt2 model = CourseModel.load(); TextTokenizer tok = CourseModel.tokenizer(); NDManager m = NDManager.newBaseManager()) {
            long[] ids = tok.encode(text, false).ids();
            float[] logits = model.forward(m.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
            int v = model.vocabSize();
            double nll = 0;
            for (int t = 0; t + 1 < ids.length; t++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < v; j++) max = Math.max(max, logits[t * v + j]);
                for (int j = 0; j < v; j++) sum += Math.exp(logits[t * v + j] - max);
                nll -= logits[t * v + (int) ids[t + 1]] - max - Math.log(sum);
            }
            nll /= ids.length - 1;
            // The unigram entropy of its corpus is 6.32 nats and ln V 7.63: a model that learned nothing sits there.
            assertTrue(nll < 5.0, "mean NLL " + nll);
        }
    }
}
