package br.lncc.llm.bench;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.util.Arrays;

/**
 * Any of our causal LMs with its tokenizer as a benchmark model: greedy, stops at EOS as
 * Hugging Face's generate does. A prompt longer than the context window keeps its last tokens
 * (the end holds the "Sentimento:" cue) and the completion says it was truncated.
 */
public final class CausalLmCompleter implements TextCompleter {
    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final String name;

    public CausalLmCompleter(CausalLm model, TextTokenizer tokenizer, String name) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(String prompt, int maxNewTokens) {
        long[] ids = tokenizer.encode(prompt, false).ids();
        int room = model.maxPositions() - maxNewTokens;
        boolean truncated = ids.length > room;
        long[] fed = truncated ? Arrays.copyOfRange(ids, ids.length - room, ids.length) : ids;
        Generation g = new Generator(model).generate(fed, GenerationSettings.greedy(maxNewTokens),
                Generator.TokenListener.NONE, ProgressSink.NONE);
        long[] newIds = g.newIds();
        if (g.stopReason() == Generation.StopReason.EOS && newIds.length > 0) {
            newIds = Arrays.copyOf(newIds, newIds.length - 1); // skip_special_tokens: EOS is not text
        }
        return new Completion(tokenizer.decode(newIds, true), ids.length, g.newIds().length, truncated);
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
