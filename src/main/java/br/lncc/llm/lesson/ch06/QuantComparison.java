package br.lncc.llm.lesson.ch06;

import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.Gpt2Graph;
import br.lncc.llm.train.Gpt2Weights;
import br.lncc.llm.train.TokenCodec;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.quant.MemoryFootprint;
import br.lncc.llm.weights.quant.QuantError;
import br.lncc.llm.weights.quant.QuantFormat;
import br.lncc.llm.weights.quant.QuantizedWeight;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Cap. 6.4–6.6 on our own forward pass: the same GPT-2 in FP32, INT8, INT4, NF4 and NF4 with
 * double quantization — memory of the weights, the error each format puts into every Conv1D
 * layer, and the same prompt's greedy output with its time per token. Like bitsandbytes, only
 * the Conv1D (linear) weights are quantized; embeddings, LayerNorms and biases stay float32,
 * which is why the whole model shrinks less than the "up to 8×" of its quantized part.
 */
public final class QuantComparison {
    private QuantComparison() {}

    public static final List<QuantFormat> FORMATS = List.of(QuantFormat.values());

    /** One Conv1D tensor's relative RMS error under each format (FP32's is 0). */
    public record LayerRow(String tensor, long weights, Map<QuantFormat, Double> relativeRms) {}

    /** Greedy continuation and its speed with the base held in one format. */
    public record Output(String text, int tokens, double msPerToken) {}

    public record Result(
            String model,
            String prompt,
            Map<QuantFormat, MemoryFootprint> memory,
            Map<QuantFormat, MemoryFootprint> conv1dMemory,
            List<LayerRow> layers,
            Map<QuantFormat, Output> outputs) {}

    /** FP32 bytes of {@code parameters} in MiB: the book's "Tamanho aproximado FP32 (MB): 474.7" for GPT-2. */
    public static double fp32MiB(long parameters) {
        return parameters * 4.0 / (1 << 20);
    }

    public static Result run(LabModelSource source, String prompt, int newTokens, ProgressSink progress) {
        TokenCodec codec = source.codec();
        Map<QuantFormat, MemoryFootprint> memory = new EnumMap<>(QuantFormat.class);
        Map<QuantFormat, MemoryFootprint> conv = new EnumMap<>(QuantFormat.class);
        Map<QuantFormat, Output> outputs = new EnumMap<>(QuantFormat.class);
        List<LayerRow> rows = new ArrayList<>();
        try (Gpt2Weights fp32 = source.open(QuantFormat.FP32)) {
            var names = fp32.dense().keySet().stream().filter(Gpt2Weights::isConv1dWeight).toList();
            MemoryFootprint rest = MemoryFootprint.EMPTY;
            for (var e : fp32.dense().entrySet()) {
                if (!Gpt2Weights.isConv1dWeight(e.getKey())) {
                    rest = rest.plus(new MemoryFootprint(e.getValue().size(), 4 * e.getValue().size(), 0));
                }
            }
            for (QuantFormat f : FORMATS) conv.put(f, MemoryFootprint.EMPTY);
            int done = 0;
            int total = names.size() + FORMATS.size();
            for (String name : names) {
                progress.checkCancelled();
                progress.update(done++, total, name);
                var shape = fp32.tensor(name).getShape().getShape();
                int in = (int) shape[0], out = (int) shape[1];
                float[] linear = Gpt2Weights.transpose(fp32.tensor(name).toFloatArray(), in, out);
                Map<QuantFormat, Double> err = new EnumMap<>(QuantFormat.class);
                for (QuantFormat f : FORMATS) {
                    QuantizedWeight q = f.quantize(linear, out, in);
                    err.put(f, QuantError.of(linear, q).relativeRms());
                    conv.put(f, conv.get(f).plus(q.footprint()));
                }
                rows.add(new LayerRow(name, (long) in * out, err));
            }
            for (QuantFormat f : FORMATS) memory.put(f, rest.plus(conv.get(f)));
            for (QuantFormat f : FORMATS) {
                progress.checkCancelled();
                progress.update(done++, total, br.lncc.llm.text.Message.of("train.quant.generating", f.label()));
                try (Gpt2Weights w = f == QuantFormat.FP32 ? null : Gpt2Weights.quantize(fp32, f)) {
                    outputs.put(f, generate(w == null ? fp32 : w, codec, prompt, newTokens));
                }
            }
        }
        progress.update(1, 1, br.lncc.llm.text.Message.of("train.quant.done"));
        return new Result(source.name(), prompt, memory, conv, rows, outputs);
    }

    private static Output generate(Gpt2Weights w, TokenCodec codec, String prompt, int newTokens) {
        long[] ids = codec.encode(prompt);
        if (ids.length == 0) throw new TrainingException("train.emptyPrompt", new Object[] {}, "");
        var graph = new Gpt2Graph(w, null, 0);
        long start = System.nanoTime();
        long[] out = graph.greedy(w.manager(), ids, newTokens, w.config().eosTokenId());
        int made = out.length - ids.length;
        double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, made);
        return new Output(codec.decode(java.util.Arrays.copyOfRange(out, ids.length, out.length)), made, ms);
    }
}
