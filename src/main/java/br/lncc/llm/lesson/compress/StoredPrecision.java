package br.lncc.llm.lesson.compress;

import br.lncc.llm.weights.Checkpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The bits each tensor really has in its checkpoint (bf16 = 16, float32 = 32): the all-weights
 * budget counts untouched tensors at this precision, not at the float32 the app widens them to.
 * Names are matched with or without the "transformer."/"model." prefixes.
 */
public final class StoredPrecision {
    private StoredPrecision() {}

    /** Bits per name read from a model folder's safetensors headers; 32 for a name it does not know. */
    public static ToIntFunction<String> of(Path folder) {
        Map<String, Integer> bits = new HashMap<>();
        try (Checkpoint c = Checkpoint.open(folder)) {
            for (String n : c.names()) {
                int b = c.info(n).dtype().bytes() * 8;
                bits.put(n, b);
                for (String prefix : new String[] {"transformer.", "model."}) {
                    if (n.startsWith(prefix)) bits.put(n.substring(prefix.length()), b);
                }
            }
        }
        return name -> bits.getOrDefault(name, 32);
    }
}
