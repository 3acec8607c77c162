package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Rotary position embedding (RoPE) in the Hugging Face {@code rotate_half} layout: dimension i of
 * a head is paired with dimension i + d/2 (not with its neighbour, as in the original paper), and
 * the pair turns by the angle position × inv_freq[i].
 *
 * <p>Cap. 3.4.4: the pairs rotate at base^(-2i/d). {@code rope_scaling} stretches those
 * frequencies for contexts longer than training: "linear" divides them all by the factor;
 * "llama3" divides only the long wavelengths and blends the middle band.
 */
public final class RotaryEmbedding {

    /** The {@code rope_scaling} types we implement; others are refused by name. */
    public static final List<String> SUPPORTED_SCALING = List.of("default", "linear", "llama3");

    private final int rotaryDim;
    private final double[] invFreq;
    private final String scalingType;

    public RotaryEmbedding(double theta, int rotaryDim, JsonNode ropeScaling) {
        if (rotaryDim % 2 != 0) {
            throw new ModelException("model.rope.oddDim", new Object[] {rotaryDim}, "rotary dim " + rotaryDim + " is odd");
        }
        this.rotaryDim = rotaryDim;
        double[] inv = new double[rotaryDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(theta, (2.0 * i) / rotaryDim);
        }
        this.scalingType = scalingType(ropeScaling);
        this.invFreq = switch (scalingType) {
            case "default" -> inv;
            case "linear" -> linear(inv, ropeScaling.path("factor").asDouble(1.0));
            case "llama3" -> llama3(inv, ropeScaling);
            default -> throw new IllegalStateException(scalingType);
        };
    }

    /** "default" when the config has no scaling; throws naming the field for types we do not run. */
    public static String scalingType(JsonNode ropeScaling) {
        if (ropeScaling == null || ropeScaling.isNull() || ropeScaling.isMissingNode()) return "default";
        String type = ropeScaling.path("rope_type").asText(ropeScaling.path("type").asText("default"));
        if (!SUPPORTED_SCALING.contains(type)) {
            throw new ModelException("model.rope.scaling", new Object[] {type, String.join(", ", SUPPORTED_SCALING)},
                    "unsupported rope_scaling type " + type + " (dynamic, yarn, longrope are not implemented)");
        }
        return type;
    }

    private static double[] linear(double[] inv, double factor) {
        double[] out = inv.clone();
        for (int i = 0; i < out.length; i++) out[i] /= factor;
        return out;
    }

    // Llama 3.1's rule: wavelengths longer than the original context / low_freq_factor are
    // stretched by the factor, shorter than context / high_freq_factor are kept, the band
    // between is interpolated so the spectrum has no jump.
    private static double[] llama3(double[] inv, JsonNode s) {
        double factor = s.path("factor").asDouble(8.0);
        double low = s.path("low_freq_factor").asDouble(1.0);
        double high = s.path("high_freq_factor").asDouble(4.0);
        double oldLen = s.path("original_max_position_embeddings").asDouble(8192);
        double lowWavelen = oldLen / low;
        double highWavelen = oldLen / high;
        double[] out = new double[inv.length];
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen > lowWavelen) {
                out[i] = inv[i] / factor;
            } else if (wavelen < highWavelen) {
                out[i] = inv[i];
            } else {
                double smooth = (oldLen / wavelen - low) / (high - low);
                out[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
            }
        }
        return out;
    }

    public int rotaryDim() {
        return rotaryDim;
    }

    public String scaling() {
        return scalingType;
    }

    /** Inverse frequencies after scaling (one per rotating pair). */
    public double[] inverseFrequencies() {
        return invFreq.clone();
    }

    /**
     * cos and signed sin for positions start … start+count-1, shaped (count, 1, rotaryDim) so they
     * broadcast over the heads of a (T, heads, d) tensor. The sign of the first half of sin is
     * flipped so that rotate_half(x)·sin becomes swapHalves(x)·signedSin (one op fewer per layer).
     */
    public NDList angles(NDManager manager, long start, int count) {
        int half = rotaryDim / 2;
        float[] cos = new float[count * rotaryDim];
        float[] sin = new float[count * rotaryDim];
        for (int t = 0; t < count; t++) {
            double pos = start + t;
            for (int i = 0; i < half; i++) {
                double a = pos * invFreq[i];
                float c = (float) Math.cos(a);
                float s = (float) Math.sin(a);
                cos[t * rotaryDim + i] = c;
                cos[t * rotaryDim + half + i] = c;
                sin[t * rotaryDim + i] = -s;
                sin[t * rotaryDim + half + i] = s;
            }
        }
        Shape shape = new Shape(count, 1, rotaryDim);
        return new NDList(manager.create(cos, shape), manager.create(sin, shape));
    }

    /**
     * The rotation of one position as a (rotaryDim, rotaryDim) matrix M with x·M = x·cos +
     * rotate_half(x)·sin: while decoding (one new token) a single matmul replaces five ops.
     */
    public NDArray matrix(NDManager manager, long position) {
        int d = rotaryDim;
        int half = d / 2;
        float[] m = new float[d * d];
        for (int i = 0; i < half; i++) {
            double a = position * invFreq[i];
            float c = (float) Math.cos(a);
            float s = (float) Math.sin(a);
            m[i * d + i] = c; // out[i]        =  x[i]·cos − x[i+d/2]·sin
            m[(i + half) * d + i] = -s;
            m[(i + half) * d + i + half] = c; // out[i+d/2] = x[i+d/2]·cos + x[i]·sin
            m[i * d + i + half] = s;
        }
        return manager.create(m, new Shape(d, d));
    }

    /** Rotates x (…, T, heads, rotaryDim): x·cos + rotate_half(x)·sin. */
    public static NDArray rotate(NDArray x, NDList angles) {
        int last = x.getShape().dimension() - 1; // DJL's split does not take negative axes
        NDList halves = x.split(2, last);
        NDArray swapped = halves.get(1).concat(halves.get(0), last);
        return x.mul(angles.get(0)).add(swapped.mul(angles.get(1)));
    }
}
