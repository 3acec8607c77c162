package br.lncc.llm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import br.lncc.llm.model.Gpt2;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class AdaptedWeightsTest {

    @Test
    void singularValuesOfBAComeFromTheSmallProblem() {
        try (Gpt2 model = Gpt2.load(Path.of("src/test/resources/fixtures/gpt2-tiny"));
                var lora = LoraAdapters.init(new LoraConfig(4, 8, 0, List.of("c_attn")), model.config(), model.manager(), 2)) {
            var ad = lora.adapters().get("h.0.attn.c_attn");
            float[] b = new float[ad.out() * 4];
            var rng = new java.util.Random(1);
            for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextGaussian();
            ad.b().set(b);
            double[] small = AdaptedWeights.singularValues(lora, "h.0.attn.c_attn");
            float[] delta = lora.deltaW("h.0.attn.c_attn");
            double[][] full = new double[ad.out()][ad.in()];
            for (int i = 0; i < ad.out(); i++) for (int j = 0; j < ad.in(); j++) full[i][j] = delta[i * ad.in() + j];
            double[] reference = new SingularValueDecomposition(new Array2DRowRealMatrix(full)).getSingularValues();
            assertEquals(4, small.length);
            for (int i = 0; i < 4; i++) assertEquals(reference[i], small[i], 1e-4 * reference[0]);
            assertEquals(0, reference[4], 1e-4 * reference[0]); // rank ≤ r
        }
    }
}
