package br.lncc.llm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One flat buffer per optimizer group, updated in one pass in Java (what pre-training does), against
 * libtorch's fused AdamW kernel tensor by tensor.
 */
class FlatParametersTest {

    private static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("h.0.attn.c_attn.weight", new Shape(3, 4));
        SHAPES.put("h.0.attn.c_attn.bias", new Shape(5));
        SHAPES.put("h.0.mlp.c_fc.weight", new Shape(2, 2, 2));
    }

    /** Random values per name, the same for both sides; targets make each gradient depend on the parameter. */
    private static Map<String, float[]> values(long seed) {
        Random r = new Random(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        SHAPES.forEach((n, s) -> {
            float[] v = new float[(int) s.size()];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
            out.put(n, v);
        });
        return out;
    }

    /** Σ over tensors of sum(p·t) + ½·sum(p³·t): a gradient t + 1.5·p²·t that changes as p moves. */
    private static NDArray loss(Map<String, NDArray> params, Map<String, NDArray> targets) {
        NDArray total = null;
        for (var e : params.entrySet()) {
            NDArray p = e.getValue(), t = targets.get(e.getKey());
            NDArray term = p.mul(t).sum().add(p.mul(p).mul(p).mul(t).sum().mul(p.getManager().create(0.5f)));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** The same starting values as separate tensors (requiring gradients) and packed in one buffer, and the loss's targets. */
    private record Sides(Map<String, NDArray> separate, FlatParameters flat, Map<String, NDArray> targets) {
        static Sides of(Map<String, float[]> init, Map<String, float[]> target, NDManager m) {
            Map<String, NDArray> separate = new LinkedHashMap<>(), forFlat = new LinkedHashMap<>(), targets = new LinkedHashMap<>();
            init.forEach((n, v) -> {
                separate.put(n, m.create(v, SHAPES.get(n)));
                forFlat.put(n, m.create(v, SHAPES.get(n)));
                targets.put(n, m.create(target.get(n), SHAPES.get(n)));
            });
            separate.values().forEach(p -> p.setRequiresGradient(true));
            return new Sides(separate, FlatParameters.pack(forFlat, m), targets);
        }
    }

    @Test
    void aOnePassStepOverOneFlatBufferEqualsLibtorchsAdamWTensorByTensorWithDecayAndClipping() {
        Map<String, float[]> init = values(1);
        double[] lr = {1e-2, 5e-3, 2e-3};
        double[] clip = {1, 0.5, 0.25};
        try (NDManager m = NDManager.newBaseManager()) {
            Sides sides = Sides.of(init, values(2), m);
            Map<String, NDArray> separate = sides.separate(), targets = sides.targets();
            FlatParameters flat = sides.flat();
            try (AdamW perTensor = new AdamW(List.copyOf(separate.values()), m, 0.1, 0.99);
                    AdamW overBuffer = new AdamW(List.of(flat.buffer()), m, 0.1, 0.99, true)) {
                for (int k = 0; k < lr.length; k++) {
                    step(scope -> separate, targets, perTensor, lr[k], clip[k], m);
                    step(flat::splitForStep, targets, overBuffer, lr[k], clip[k], m);
                }
                try (NDManager scope = m.newSubManager()) {
                    List<NDArray> first = flat.viewsOf(overBuffer.firstMoment(0), scope);
                    List<NDArray> second = flat.viewsOf(overBuffer.secondMoment(0), scope);
                    for (int i = 0; i < SHAPES.size(); i++) {
                        assertArrayEquals(perTensor.firstMoment(i).toFloatArray(), first.get(i).toFloatArray(), 1e-6f, "m " + i);
                        assertArrayEquals(perTensor.secondMoment(i).toFloatArray(), second.get(i).toFloatArray(), 1e-6f, "v " + i);
                    }
                }
            }
            for (String n : SHAPES.keySet()) {
                NDArray view = flat.views().get(n);
                assertEquals(SHAPES.get(n), view.getShape(), n);
                assertArrayEquals(separate.get(n).toFloatArray(), view.toFloatArray(), 1e-6f, n);
                assertTrue(Math.abs(view.toFloatArray()[0] - init.get(n)[0]) > 1e-3, n + " did not move");
            }
        }
    }

    @Test
    void theClippingNormOverTheBufferIsTheNormOfTheTensorsNorms() {
        try (NDManager m = NDManager.newBaseManager(); NDManager scope = m.newSubManager()) {
            Sides sides = Sides.of(values(3), values(4), m);
            Map<String, NDArray> separate = sides.separate(), targets = sides.targets();
            FlatParameters flat = sides.flat();
            TrainingRun.AUTOGRAD.lock();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss(separate, targets));
                gc.backward(loss(flat.splitForStep(scope), targets));
            } finally {
                TrainingRun.AUTOGRAD.unlock();
            }
            double squares = 0;
            for (NDArray p : separate.values()) squares += Math.pow(p.getGradient().norm().getFloat(), 2);
            assertEquals(Math.sqrt(squares), Math.sqrt(flat.gradientSquares(scope)), 1e-6 * Math.sqrt(squares));
        }
    }

    private static void step(Function<NDManager, Map<String, NDArray>> params, Map<String, NDArray> targets, AdamW opt, double lr,
            double scale, NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            TrainingRun.AUTOGRAD.lock();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss(params.apply(scope), targets));
            } finally {
                TrainingRun.AUTOGRAD.unlock();
            }
            opt.step(lr, scale, scope);
        }
    }
}
