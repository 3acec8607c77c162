package br.lncc.llm.lesson.ch08;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToyDpoTest {

    private final ToyDpo.Result r = ToyDpo.run(ToyDpo.Inputs.example(), ProgressSink.NONE);

    @Test
    void startsAtLn2BecausePolicyEqualsReference() {
        var first = r.steps().get(0);
        assertEquals(Math.log(2), first.loss(), 1e-12);
        assertEquals(0, first.meanMargin(), 1e-12);
        assertEquals(0, first.klToReference(), 1e-12);
    }

    @Test
    void lossFallsAndMarginGrowsStepByStep() {
        var steps = r.steps();
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i).loss() < steps.get(i - 1).loss(), "step " + i);
            assertTrue(steps.get(i).meanMargin() > steps.get(i - 1).meanMargin(), "step " + i);
        }
        var last = steps.get(steps.size() - 1);
        assertEquals(1.0, last.accuracy());
        assertTrue(last.loss() < 0.5 * Math.log(2), "final loss " + last.loss());
        for (var o : r.outcomes()) assertTrue(o.margin() > 0, o.pair().prompt());
    }

    @Test
    void outcomesAreTheImplicitRewards() {
        double beta = r.inputs().beta();
        for (var o : r.outcomes()) {
            assertEquals(beta * (o.chosenLogProb() - o.refChosenLogProb()), o.chosenReward(), 1e-12);
            assertEquals(beta * (o.rejectedLogProb() - o.refRejectedLogProb()), o.rejectedReward(), 1e-12);
        }
        var last = r.steps().get(r.steps().size() - 1);
        double mean = r.outcomes().stream().mapToDouble(ToyDpo.PairOutcome::margin).average().orElseThrow();
        assertEquals(last.meanMargin(), mean, 1e-12);
    }

    @Test
    void policyDriftsFromTheReferenceAndHeldOutPromptsMoveOnlyThroughSharedWeights() {
        var last = r.steps().get(r.steps().size() - 1);
        assertTrue(last.klToReference() > 0);
        double heldOut = r.heldOutKl().get("O que causa a chuva?");
        assertTrue(heldOut > 0 && heldOut < last.klToReference(), "held-out KL " + heldOut);
    }

    @Test
    void largerBetaReachesTheSameLossCloserToTheReference() {
        double klSmallBeta = klWhenLossFirstBelow(0.1, 0.3);
        double klLargeBeta = klWhenLossFirstBelow(1.0, 0.3);
        assertTrue(klLargeBeta < klSmallBeta, "β=1: " + klLargeBeta + ", β=0.1: " + klSmallBeta);
    }

    private static double klWhenLossFirstBelow(double beta, double loss) {
        var ex = ToyDpo.Inputs.example();
        var in = new ToyDpo.Inputs(ex.pairs(), ex.heldOutPrompts(), beta, 0.5 / beta, 2000, ex.seed());
        return ToyDpo.run(in, ProgressSink.NONE).steps().stream()
                .filter(s -> s.loss() < loss)
                .findFirst()
                .orElseThrow()
                .klToReference();
    }

    @Test
    void badPairsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ToyDpo.Pair("p", "a b", "A  b"));
        assertThrows(IllegalArgumentException.class, () -> new ToyDpo.Pair("p", " ", "x"));
        assertThrows(IllegalArgumentException.class, () -> new ToyDpo.Inputs(List.of(), List.of(), 0.1, 1, 10, 1));
    }

    @Test
    void cancelStopsTheRun() {
        var ex = ToyDpo.Inputs.example();
        var cancelled = new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancelledException.class, () -> ToyDpo.run(ex, cancelled));
    }
}
