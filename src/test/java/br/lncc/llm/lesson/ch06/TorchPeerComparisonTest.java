package br.lncc.llm.lesson.ch06;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.train.PretrainCorpus;
import br.lncc.llm.train.PretrainingTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our pre-training loop against tools/peers/gpt2_pretrain_peer.py in plain PyTorch: from the same
 * initial weights, on the same ids and batches with the same schedule, the two runs must be the
 * same computation. Skipped (not failed) where no python can import torch (Debian: python3-torch).
 */
class TorchPeerComparisonTest {
    static Optional<TorchPeerComparison.Python> python;

    @BeforeAll
    static void findTorch() {
        python = TorchPeerComparison.Python.find();
    }

    @Test
    void peerFromOurInitialWeightsTrainsTheSameLossesStepByStep(@TempDir Path dir) {
        assumeTrue(python.isPresent(), "no python with torch (apt-get install python3-torch): peer comparison skipped");
        var corpus = PretrainCorpus.of("gramatica.txt", PretrainingTest.corpusText(400));
        var plan = new PretrainLab.Plan("char", 2, 2, 32, 32, 12, 8, 3e-3, 42, 6);
        var r = TorchPeerComparison.run(new TorchPeerComparison.Request(corpus, plan, TorchPeerComparison.DEFAULT_SCRIPT, python.get(), 1,
                true, dir), ProgressSink.NONE);
        assertEquals(12, r.ours().stepLosses().length);
        assertEquals(12, r.peer().stepLosses().length);
        assertEquals(3, r.valLosses().size(), "evaluations at steps 0, 6 and 12 on both sides");
        // Float32 on both sides, different kernels: equal to a few ulps of a loss near 3, after 12 AdamW steps.
        assertTrue(r.maxStepLossDifference() < 1e-4, "largest per-step loss difference " + r.maxStepLossDifference());
        assertTrue(r.maxValLossGap() < 1e-4, "largest validation loss gap " + r.maxValLossGap());
        assertTrue(r.ours().stepLosses()[11] < r.ours().stepLosses()[0] - 0.3, "both runs learn");
        assertTrue(r.ours().tokensPerSecond() > 0 && r.peer().tokensPerSecond() > 0);
        assertTrue(Double.isFinite(r.tokensPerSecondRatio()));
        // Both sides say where a step goes, by the same phase names, and how much CPU it took.
        assertEquals(1, r.rounds().size());
        assertEquals(java.util.List.of("batch", "forward", "loss", "backward", "clip", "optimizer", "release"),
                java.util.List.copyOf(r.ours().phaseMillisPerStep().keySet()));
        assertEquals(r.ours().phaseMillisPerStep().keySet(), r.peer().phaseMillisPerStep().keySet());
        assertTrue(r.ours().phaseMillisPerStep().get("backward") > 0 && r.peer().phaseMillisPerStep().get("backward") > 0);
        assertTrue(r.ours().cpuMillisPerStep() > 0 && r.peer().cpuMillisPerStep() > 0, r.ours() + " / " + r.peer());
    }

    @Test
    void missingPeerScriptIsAMessageNotACrash(@TempDir Path dir) {
        var corpus = PretrainCorpus.of("gramatica.txt", PretrainingTest.corpusText(100));
        var plan = new PretrainLab.Plan("char", 1, 1, 8, 8, 2, 2, 1e-3, 1, 1);
        var e = org.junit.jupiter.api.Assertions.assertThrows(br.lncc.llm.train.PretrainException.class,
                () -> TorchPeerComparison.run(new TorchPeerComparison.Request(corpus, plan, dir.resolve("none.py"),
                        new TorchPeerComparison.Python("python3"), 1, true, dir), ProgressSink.NONE));
        assertEquals("pretrain.peer.noScript", e.key());
    }
}
