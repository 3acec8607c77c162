package br.lncc.llm.model;

import br.lncc.llm.model.kernel.DecodeFormat;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link QuantizedLoadingTest}: loads a checkpoint (GPT-2 or the Llama family) either straight into a
 * packed format ("straight") or float32 first and then quantized ("after"), and prints this
 * process's resident memory before the load and its peak (Linux /proc/self/status VmRSS, VmHWM),
 * in kB, as {@code rss_before hwm_after packed_bytes}.
 */
public final class QuantizedLoadProbe {
    private QuantizedLoadProbe() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        DecodeFormat format = DecodeFormat.fromCliName(args[1]);
        boolean straight = args[2].equals("straight");
        // The engine and its libraries load before the baseline is read: only the weights count.
        try (var warm = ai.djl.ndarray.NDManager.newBaseManager()) {
            warm.create(new float[] {1f}).toFloatArray();
        }
        System.gc();
        Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // peak RSS := current RSS
        long before = status("VmRSS");
        CausalLm model = straight ? CausalLms.load(folder, format) : CausalLms.load(folder);
        long packed;
        if (model instanceof Llama l) {
            packed = (straight ? l : quantized(l, format)).packedFootprint().bytes();
        } else {
            Gpt2 g = (Gpt2) model;
            packed = (straight ? g : quantized(g, format)).packedFootprint().bytes();
        }
        long hwm = status("VmHWM");
        System.out.println(before + " " + hwm + " " + packed);
        model.close();
    }

    private static Llama quantized(Llama m, DecodeFormat format) {
        m.quantize(format, false);
        return m;
    }

    private static Gpt2 quantized(Gpt2 m, DecodeFormat format) {
        m.quantize(format, false);
        return m;
    }

    private static long status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException(key + " not in /proc/self/status");
    }
}
