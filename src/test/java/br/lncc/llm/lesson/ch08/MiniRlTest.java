package br.lncc.llm.lesson.ch08;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniRlTest {

    private static final double[] REWARDS = MiniRl.Inputs.example(MiniRl.Method.REINFORCE).meanRewards();

    @Test
    void baselineCutsTheGradientVarianceAtTheSamePolicy() {
        double[] uniform = new double[4];
        double plain = MiniRl.estimatorVariance(uniform, REWARDS, 0.5, MiniRl.Method.REINFORCE, 8, 20_000, 1);
        double withBaseline = MiniRl.estimatorVariance(uniform, REWARDS, 0.5, MiniRl.Method.REINFORCE_BASELINE, 8, 20_000, 1);
        // Rewards 1–3 are all positive: without a baseline every sample pushes its own action up.
        assertTrue(withBaseline < plain / 3, "baseline " + withBaseline + " vs " + plain);
    }

    @Test
    void everyMethodMovesMassToTheBestAction() {
        for (var m : MiniRl.Method.values()) {
            var r = MiniRl.run(MiniRl.Inputs.example(m), ProgressSink.NONE);
            int best = r.inputs().bestAction();
            assertEquals(2, best);
            assertTrue(r.finalProbabilities()[best] > 0.8, m + ": " + r.finalProbabilities()[best]);
            var first = r.steps().get(0);
            var last = r.steps().get(r.steps().size() - 1);
            assertTrue(last.expectedReward() > first.expectedReward(), m.name());
            assertTrue(last.entropy() < first.entropy(), m.name());
        }
    }

    @Test
    void strongSignalCollapsesThePolicy() {
        var ex = MiniRl.Inputs.example(MiniRl.Method.GROUP_RELATIVE);
        var in = new MiniRl.Inputs(ex.actions(), ex.meanRewards(), 0.1, ex.method(), 8, 1.0, 200, 3);
        var r = MiniRl.run(in, ProgressSink.NONE);
        int at = r.collapseStep(0.99);
        assertTrue(at > 0 && at < 100, "collapsed at " + at);
        // Once collapsed, every sample in a group is the same action: no relative signal is left.
        assertEquals(0, r.steps().get(r.steps().size() - 1).gradientNorm(), 1e-3);
    }

    @Test
    void sameSeedSameRun() {
        var a = MiniRl.run(MiniRl.Inputs.example(MiniRl.Method.REINFORCE), ProgressSink.NONE);
        var b = MiniRl.run(MiniRl.Inputs.example(MiniRl.Method.REINFORCE), ProgressSink.NONE);
        assertEquals(a.finalProbabilities()[2], b.finalProbabilities()[2], 0);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new MiniRl.Inputs(List.of("a"), new double[] {1}, 0, MiniRl.Method.REINFORCE, 1, 0.1, 10, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MiniRl.Inputs(List.of("a", "b"), new double[] {1}, 0, MiniRl.Method.REINFORCE, 1, 0.1, 10, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MiniRl.Inputs(List.of("a", "b"), new double[] {1, 2}, 0, MiniRl.Method.REINFORCE, 1, -1, 10, 0));
    }
}
