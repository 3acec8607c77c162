package br.lncc.llm.cli;

import br.lncc.llm.bench.decode.DecodeBenchmark;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `bench decode`: tokens/s with and without the KV cache, and prefill tokens/s. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Velocidade de decodificação: tokens/s com e sem cache KV e prefill tokens/s.")
public final class DecodeBenchCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", description = "pasta ou id do Hugging Face de um modelo causal")
        String model;

        @Option(names = "--random-gpt2-small",
                description = "GPT-2 small (124M) com pesos aleatórios criado em memória, só para medir velocidade")
        boolean randomGpt2Small;
    }

    @Option(names = "--tokens", defaultValue = "512", description = "tokens novos (padrão 512)")
    int tokens;

    @Option(names = "--no-cache-tokens", description = "tokens novos da rodada sem cache (padrão: --tokens; 0 pula)")
    Integer noCacheTokens;

    @Option(names = "--prompt-tokens", defaultValue = "8", description = "tamanho do prompt da decodificação")
    int promptTokens;

    @Option(names = "--prefill-tokens", defaultValue = "128", description = "tamanho do prompt do teste de prefill")
    int prefillTokens;

    @Option(names = "--compare-layouts", description = "mede também o cache que cresce por concatenação")
    boolean compareLayouts;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--json", description = "saída JSON")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (tokens < 1 || promptTokens < 1 || prefillTokens < 1) {
                throw new IllegalArgumentException("--tokens, --prompt-tokens e --prefill-tokens devem ser ≥ 1");
            }
            try (CausalLm model = source.randomGpt2Small ? Gpt2.random(Gpt2.Config.gpt2Small(), seed) : load(source.model)) {
                ProgressSink progress = json ? ProgressSink.NONE : new ProgressSink() {
                    @Override
                    public void update(long done, long total, String message) {
                        if (message != null) System.err.println("… " + message);
                    }

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }
                };
                var r = new DecodeBenchmark(model, seed).run(tokens, promptTokens, prefillTokens,
                        noCacheTokens == null ? tokens : noCacheTokens, compareLayouts, progress);
                if (json) {
                    ObjectNode out = new ObjectMapper().createObjectNode();
                    out.put("tokens_per_s_cache", r.tokensPerSecondCache());
                    out.put("tokens_per_s_no_cache", r.tokensPerSecondNoCache());
                    out.put("prefill_tokens_per_s", r.prefillTokensPerSecond());
                    out.put("weights_bytes", r.weightsBytes());
                    out.put("new_tokens", r.newTokens());
                    out.put("prompt_tokens", r.promptTokens());
                    out.put("prefill_tokens", r.prefillTokens());
                    out.put("cache_speedup", r.cacheSpeedup());
                    if (compareLayouts) out.put("tokens_per_s_cache_concat", r.tokensPerSecondCacheConcat());
                    out.put("model", model.name());
                    System.out.println(out);
                } else {
                    System.out.printf(Locale.ROOT, "%s, pesos %.0f MB, %d tokens novos%n", model.name(),
                            r.weightsBytes() / 1e6, r.newTokens());
                    System.out.printf(Locale.ROOT, "com cache KV:  %.2f tokens/s%n", r.tokensPerSecondCache());
                    if (compareLayouts) {
                        System.out.printf(Locale.ROOT, "cache por concatenação: %.2f tokens/s%n", r.tokensPerSecondCacheConcat());
                    }
                    System.out.printf(Locale.ROOT, "sem cache:     %.2f tokens/s (cache %.1f× mais rápido)%n",
                            r.tokensPerSecondNoCache(), r.cacheSpeedup());
                    System.out.printf(Locale.ROOT, "prefill:       %.1f tokens/s (%d tokens)%n", r.prefillTokensPerSecond(),
                            r.prefillTokens());
                }
            }
            return 0;
        });
    }

    private static CausalLm load(String idOrPath) {
        return CausalLms.load(ModelResolver.standard().resolve(idOrPath, new StderrProgress()));
    }
}
