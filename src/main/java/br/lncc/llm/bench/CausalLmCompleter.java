package br.lncc.llm.bench;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Any of our causal LMs with its tokenizer as a benchmark model: greedy, stops at EOS as
 * Hugging Face's generate does — config.json's EOS and every id of generation_config.json's
 * eos_token_id list (Qwen2 instruct ends turns with &lt;|im_end|&gt;, not its config's EOS). A prompt longer than the context window keeps its last tokens
 * (the end holds the "Sentimento:" cue) and the completion says it was truncated.
 */
public final class CausalLmCompleter implements TextCompleter {
    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final String name;
    private final List<Long> stopIds;
    private final java.nio.file.Path folder;

    public CausalLmCompleter(CausalLm model, TextTokenizer tokenizer, String name) {
        this(model, tokenizer, name, List.of());
    }

    public CausalLmCompleter(CausalLm model, TextTokenizer tokenizer, String name, List<Long> stopIds) {
        this(model, tokenizer, name, stopIds, null);
    }

    /** @param folder the checkpoint the model was loaded from (hashed in experiment records), or null */
    public CausalLmCompleter(CausalLm model, TextTokenizer tokenizer, String name, List<Long> stopIds, java.nio.file.Path folder) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.name = name;
        this.stopIds = List.copyOf(stopIds);
        this.folder = folder;
    }

    @Override
    public java.nio.file.Path folder() {
        return folder;
    }

    /** The end ids the checkpoint's generation_config.json added to EOS. */
    public List<Long> stopIds() {
        return stopIds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(String prompt, int maxNewTokens) {
        long[] ids = tokenizer.encode(prompt, false).ids();
        // The one prompt-truncation rule (PromptWindow): a --max-new-tokens near 2^31 made "window − reserve"
        // negative here and ended in Arrays.copyOfRange's "2147483526 > 7" (issue 18, item 13).
        PromptWindow window = PromptWindow.fit(ids, model.maxPositions(), maxNewTokens);
        boolean truncated = window.truncated();
        long[] fed = window.ids();
        Generation g = new Generator(model).generate(fed, GenerationSettings.greedy(maxNewTokens).withStopTokens(stopIds),
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
