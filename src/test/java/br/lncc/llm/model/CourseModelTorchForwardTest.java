package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.lesson.ch06.TorchPeerComparison;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped course model loads outside the app: tools/peers/gpt2_logits_check.py reads its
 * model.safetensors with its own reader into a GPT-2 written in plain PyTorch (HF tensor names) and
 * its logits equal our forward pass's. Skipped where no python can import torch.
 */
class CourseModelTorchForwardTest {

    @Test
    void plainTorchForwardOfTheShippedSafetensorsGivesOurLogits(@TempDir Path dir) throws Exception {
        var python = TorchPeerComparison.Python.find();
        assumeTrue(python.isPresent(), "no python with torch (apt-get install python3-torch): load check skipped");
        long[] ids;
        try (var tok = CourseModel.tokenizer()) {
            ids = tok.encode("Para instalar o programa, use o comando apt-get install", false).ids();
        }
        Path out = dir.resolve("logits.f32");
        var p = new ProcessBuilder(python.get().executable(), "tools/peers/gpt2_logits_check.py", "--model",
                CourseModel.folder().toString(), "--ids", Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(",")),
                "--out", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        float[] theirs = floats(out);
        try (Gpt2 model = CourseModel.load(); NDManager m = NDManager.newBaseManager()) {
            float[] ours = model.forward(m.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
            assertEquals(ids.length * (long) model.vocabSize(), theirs.length, "(T, V) logits");
            double worst = 0;
            for (int i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
            assertEquals(0, worst, 1e-4, "largest |logit difference| over " + ours.length + " logits");
        }
    }

    private static float[] floats(Path file) throws IOException {
        var buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] f = new float[buf.remaining()];
        buf.get(f);
        return f;
    }
}
