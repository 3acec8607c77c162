import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch08.JudgeModel;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.train.LabModelSource;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.weights.SafetensorsWriter;
import java.nio.file.*;
import java.util.*;

/** Peak RSS of "4.8 + 7.10 + 8.4 on one GPT-2-small-shaped folder": shared leases vs one copy per page. */
public class OneCopyRss {
    static long kb(String field) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) if (l.startsWith(field + ":")) return Long.parseLong(l.replaceAll("\\D+", ""));
        return -1;
    }
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[1]);
        if (a[0].equals("make")) {
            Files.createDirectories(dir);
            var c = Gpt2.Config.gpt2Small();
            Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"gpt2\",\"architectures\":[\"GPT2LMHeadModel\"],\"vocab_size\":50257,\"n_positions\":1024,\"n_ctx\":1024,\"n_embd\":768,\"n_layer\":12,\"n_head\":12,\"n_inner\":null,\"layer_norm_epsilon\":1e-5,\"activation_function\":\"gelu_new\",\"bos_token_id\":50256,\"eos_token_id\":50256}");
            Files.copy(Path.of("src/test/resources/fixtures/gpt2-tiny/tokenizer.json"), dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            try (Gpt2 m = Gpt2.random(c, 1)) {
                Map<String, long[]> shapes = new LinkedHashMap<>();
                m.parameters().forEach((k, v) -> shapes.put(k, v.getShape().getShape()));
                try (var w = SafetensorsWriter.create(dir.resolve("model.safetensors"), shapes, Map.of())) {
                    m.parameters().forEach((k, v) -> w.write(k, v.toFloatArray()));
                }
            }
            return;
        }
        // warm the engine with a tiny model so both runs start from the same baseline
        try (var warm = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"))) { warm.nextLogits(new long[] {1, 2}); }
        System.gc();
        long base = kb("VmRSS");
        List<AutoCloseable> open = new ArrayList<>();
        long t0 = System.nanoTime();
        if (a[0].equals("shared")) {
            var lab = GenerationLab.lease(dir, "4.8–4.12"); open.add(lab);
            open.add(new LabModelSource.Folder(dir).openFor(TrainingMethod.LORA, "7.10"));
            var judge = JudgeModel.open(dir, "8.4"); open.add(judge);
            lab.nextLogits(new long[] {1, 2, 3}); judge.model();
        } else {
            // what per-page singletons did: each page its own copy
            var lab = GenerationLab.open(dir); open.add(lab);
            open.add(new LabModelSource.Folder(dir).open(br.lncc.llm.weights.quant.QuantFormat.FP32));
            open.add(GenerationLab.open(dir));
            lab.nextLogits(new long[] {1, 2, 3});
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long rss = kb("VmRSS"), hwm = kb("VmHWM");
        System.out.printf(Locale.ROOT, "%s: three holders open in %d ms; RSS %.0f MB (baseline %.0f MB, +%.0f MB); peak RSS (VmHWM) %.0f MB; holdings %s%n",
                a[0], ms, rss / 1024.0, base / 1024.0, (rss - base) / 1024.0, hwm / 1024.0, br.lncc.llm.session.ModelSessions.app().holdings());
        for (var c : open) c.close();
    }
}
