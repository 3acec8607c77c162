package br.lncc.llm.tokenize;

import java.nio.file.Path;

/**
 * A tokenizer learned from one corpus by the pre-training lab (Cap. 6.2): one id per character,
 * or byte-level BPE. Both end their vocabulary with {@code <|endoftext|>} (GPT-2's end id) and
 * write themselves as a Hugging Face {@code tokenizer.json} that {@link TextTokenizer} (DJL) and
 * Python's {@code PreTrainedTokenizerFast} load unchanged, giving the same ids as {@link #encode}.
 */
public sealed interface CorpusTokenizer permits CharTokenizer, ByteLevelBpe {

    String END_OF_TEXT = "<|endoftext|>";

    int[] encode(String text);

    String decode(int[] ids);

    /**
     * Like {@link #decode}, but bytes that do not form a UTF-8 character show as {@code <0xNN>}
     * instead of "�" (as page 4.8 shows them): a young model writes half of a character now and then.
     */
    default String decodeShowingBytes(int[] ids) {
        return decode(ids);
    }

    /** Every id the model must embed, {@code <|endoftext|>} included. */
    int vocabSize();

    /** The id of {@code <|endoftext|>} (the last one). */
    default int endOfTextId() {
        return vocabSize() - 1;
    }

    /** "char" or "bpe:N", the CLI's spelling. */
    String spec();

    /** The token's text as a student reads it (a partial UTF-8 sequence shows as U+FFFD). */
    String piece(int id);

    void writeJson(Path file);
}
