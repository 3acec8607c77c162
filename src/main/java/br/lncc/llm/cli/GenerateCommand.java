package br.lncc.llm.cli;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Text generation with a GPT-2 model: greedy or sampling, with or without the KV cache. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Gera texto com um modelo causal (gulosa ou amostragem com temperatura, top-k, top-p).")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "pasta do modelo ou id do Hugging Face (ex.: openai-community/gpt2)")
    String model;

    @Option(names = "--prompt", required = true, description = "texto inicial")
    String prompt;

    @Option(names = "--max-new-tokens", defaultValue = "30", description = "máximo de tokens novos (padrão 30)")
    int maxNewTokens;

    @ArgGroup(exclusive = true)
    Decoding decoding = new Decoding();

    static final class Decoding {
        @Option(names = "--greedy", description = "decodificação gulosa (sempre o token mais provável)")
        boolean greedy;

        @ArgGroup(exclusive = false)
        Sampling sampling;
    }

    static final class Sampling {
        @Option(names = "--temperature", defaultValue = "1.0", description = "temperatura (0 = gulosa)")
        double temperature = 1.0;

        @Option(names = "--top-p", defaultValue = "1.0", description = "núcleo: menor conjunto com massa ≥ p (1 = desligado)")
        double topP = 1.0;

        @Option(names = "--top-k", defaultValue = "0", description = "só os k mais prováveis (0 = desligado)")
        int topK;

        @Option(names = "--seed", defaultValue = "0", description = "semente: a mesma semente gera o mesmo texto")
        long seed;
    }

    @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "penalidade de repetição (1 = desligada)")
    double repetitionPenalty;

    @Option(names = "--no-cache", description = "sem cache KV: recalcula a sequência inteira a cada token")
    boolean noCache;

    @Option(names = "--ignore-eos", description = "não para no token de fim de texto")
    boolean ignoreEos;

    @Option(names = "--json", description = "saída JSON {\"ids\",\"text\",\"prefill_ms\",\"ms_per_token\"}")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (prompt.isBlank()) throw new ModelException("o prompt está vazio: escreva algum texto para o modelo continuar");
            if (maxNewTokens < 1) throw new IllegalArgumentException("--max-new-tokens deve ser pelo menos 1");
            Strategy strategy = decoding.greedy || decoding.sampling == null
                    ? (decoding.greedy ? Strategy.GREEDY : Strategy.of(1.0, 0, 1.0))
                    : Strategy.of(decoding.sampling.temperature, decoding.sampling.topK, decoding.sampling.topP);
            long seed = decoding.sampling == null ? 0 : decoding.sampling.seed;
            var settings = new GenerationSettings(maxNewTokens, strategy, repetitionPenalty, seed, !ignoreEos, !noCache,
                    KvCache.Layout.PREALLOCATED, 0);
            try (LoadedModel m = LoadedModel.open(model)) {
                long[] ids = m.encode(prompt);
                if (ids.length == 0) throw new ModelException("o prompt não gerou nenhum token");
                PromptWindow w = PromptWindow.fit(ids, m.model().maxPositions(), maxNewTokens);
                if (!json && w.truncated()) System.err.println("Aviso: " + w.notice());
                Generator.TokenListener stream = json ? Generator.TokenListener.NONE : new TextStream(m);
                Generation g = new Generator(m.model()).generate(w.ids(), settings, stream, ProgressSink.NONE);
                String text = m.decode(g.newIds());
                if (json) {
                    System.out.println(toJson(g, text, m.decode(g.allIds()), w, strategy));
                } else {
                    System.out.println();
                    System.err.printf(Locale.ROOT, "%d tokens novos (%s); prefill %.1f ms; %.1f ms/token; parada: %s%n",
                            g.newIds().length, noCache ? "sem cache" : "com cache KV", g.prefillMs(),
                            Arrays.stream(g.msPerToken()).average().orElse(Double.NaN), g.stopReason());
                }
            }
            return 0;
        });
    }

    private static ObjectNode toJson(Generation g, String text, String fullText, PromptWindow w, Strategy strategy) {
        ObjectNode out = new ObjectMapper().createObjectNode();
        var ids = out.putArray("ids");
        for (long id : g.newIds()) ids.add(id);
        out.put("text", text);
        out.put("prefill_ms", g.prefillMs());
        var ms = out.putArray("ms_per_token");
        for (double d : g.msPerToken()) ms.add(d);
        var prompt = out.putArray("prompt_ids");
        for (long id : g.promptIds()) prompt.add(id);
        out.put("full_text", fullText);
        out.put("stop_reason", g.stopReason().name().toLowerCase(Locale.ROOT));
        out.put("strategy", strategy.toString());
        out.put("truncated", w.truncated());
        if (w.truncated()) {
            out.put("original_prompt_tokens", w.originalLength());
            out.put("notice", w.notice());
        }
        return out;
    }

    /** Prints the continuation as it grows; holds back a trailing partial UTF-8 character. */
    private static final class TextStream implements Generator.TokenListener {
        private final LoadedModel m;
        private final java.util.List<Long> ids = new java.util.ArrayList<>();
        private int printed;

        TextStream(LoadedModel m) {
            this.m = m;
        }

        @Override
        public void onToken(int step, long tokenId, br.lncc.llm.generate.StepDistribution d) {
            ids.add(tokenId);
            String text = m.decode(ids.stream().mapToLong(Long::longValue).toArray());
            int end = text.endsWith("\uFFFD") ? text.length() - 1 : text.length();
            if (end > printed) {
                System.out.print(text.substring(printed, end));
                System.out.flush();
                printed = end;
            }
        }
    }
}
