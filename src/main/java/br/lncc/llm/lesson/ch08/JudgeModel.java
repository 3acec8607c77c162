package br.lncc.llm.lesson.ch08;

import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;

/**
 * The model that plays the judge, with what the prompt needs from its folder (the chat
 * template) and whether its weights are random. Closing it frees weights and tokenizer.
 *
 * @param randomWeights true for the project's tiny Qwen2: it decides by chance, so its flips
 *     show the method, not the behaviour of a real judge
 */
public record JudgeModel(CausalLm model, TextTokenizer tokenizer, ChatTemplate template, boolean randomWeights)
        implements AutoCloseable {

    public static final String TINY_NAME = br.lncc.llm.lesson.TinyQwen2.NAME;

    /** A Hugging Face folder (config.json, tokenizer.json, safetensors; tokenizer_config.json for the chat template). */
    public static JudgeModel open(Path folder) {
        CausalLms.Opened opened = CausalLms.loadWithTokenizer(folder);
        return new JudgeModel(opened.model(), opened.tokenizer(), ChatTemplate.read(folder), false);
    }

    /** The project's tiny random Qwen2 ({@link br.lncc.llm.lesson.TinyQwen2}): available with no download, a judge that can only guess. */
    public static JudgeModel randomTiny(long seed) {
        var tiny = br.lncc.llm.lesson.TinyQwen2.random(seed);
        return new JudgeModel(tiny.model(), tiny.tokenizer(), tiny.template(), true);
    }

    public JudgeFragility judge() {
        return new JudgeFragility(model, tokenizer, template);
    }

    public String name() {
        return model.name();
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
