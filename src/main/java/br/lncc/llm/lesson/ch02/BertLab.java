package br.lncc.llm.lesson.ch02;

import br.lncc.llm.model.Bert;
import br.lncc.llm.model.BertConfig;
import br.lncc.llm.model.BertInput;
import br.lncc.llm.model.BertRequest;
import br.lncc.llm.model.FillMask;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.text.Message;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Cap. 2 questions asked of one BERT folder: one head's attention matrix (2.5) and the masked-LM
 * head's guesses for a [MASK] (2.1's pre-training task). Behind {@code companion attention} and
 * {@code companion fill-mask}; the Cap. 2 pages use {@link BertSentenceAnalyzer}, which keeps a
 * whole sentence's embeddings and attentions at once.
 *
 * <p>The config and tokenizer are read at once, the weights only when a question really runs the
 * model, so a bad layer or a text without [MASK] fails before 440 MB are read. Texts longer than
 * BERT's positions are cut by {@link BertInput#fit} (the final [SEP] kept) and the answer says so.
 */
public final class BertLab implements AutoCloseable {
    /** The token fill-mask guesses for. */
    public static final String MASK = FillMask.MASK;

    private final Path folder;
    private final BertConfig config;
    private final TextTokenizer tokenizer;
    private Bert bert;

    private BertLab(Path folder, BertConfig config, TextTokenizer tokenizer) {
        this.folder = folder;
        this.config = config;
        this.tokenizer = tokenizer;
    }

    /** A BERT folder's config and tokenizer (a copy of its own; weights on the first question). */
    public static BertLab open(Path folder) {
        BertConfig config = BertConfig.read(folder);
        return new BertLab(folder, config, TextTokenizer.fromFolder(folder));
    }

    public int layers() {
        return config.numLayers();
    }

    public int heads() {
        return config.numHeads();
    }

    /**
     * A text as BERT read it: its word pieces ([CLS] … [SEP]) and, when it was longer than the
     * model's positions, how long it was and the notice the student sees (a message rendered in the
     * UI's or the CLI's language; an empty literal when nothing was cut).
     */
    public record Reading(List<String> tokens, boolean truncated, int originalLength, Message notice) {
        public Reading {
            tokens = List.copyOf(tokens);
        }

        static Reading of(BertInput input) {
            return new Reading(Arrays.asList(input.tokens()), input.truncated(), input.originalLength(), input.notice());
        }
    }

    /** Row q is where token q looks (each row sums to 1). */
    public record HeadAttention(Reading input, int layer, int head, float[][] matrix) {}

    /** One head's attention over {@code text}; layers and heads count from zero. */
    public HeadAttention attention(String text, int layer, int head) {
        if (layer < 0 || layer >= layers()) {
            throw new ModelException("cli.attention.noLayer", new Object[] {layer, layers() - 1}, "--layer " + layer);
        }
        if (head < 0 || head >= heads()) {
            throw new ModelException("cli.attention.noHead", new Object[] {head, heads() - 1}, "--head " + head);
        }
        BertInput input = encode(text);
        float[][] matrix = model().forward(input.ids(), input.typeIds(), BertRequest.attentionsOnly()).attentions()[layer][head];
        return new HeadAttention(Reading.of(input), layer, head, matrix);
    }

    /** One guess for the [MASK]: the word piece, its id and its probability. */
    public record Guess(String token, long id, double prob) {}

    /**
     * The best {@code top} guesses for the first [MASK], best first.
     *
     * @param masks how many [MASK] the text has (only the first is filled)
     */
    public record MaskGuesses(Reading input, long masks, List<Guess> guesses) {
        public MaskGuesses {
            guesses = List.copyOf(guesses);
        }
    }

    /** Refuses a text without [MASK] and a top below 1 before anything is loaded. */
    public static void requireMask(String text, int top) {
        if (!text.contains(MASK)) throw new ModelException("cli.fillMask.noMask", new Object[] {MASK}, "--text");
        if (top < 1) throw new ModelException("cli.top.atLeastOne", new Object[] {top}, "--top " + top);
    }

    public MaskGuesses fillMask(String text, int top) {
        requireMask(text, top);
        BertInput input = encode(text);
        // A cut can drop the [MASK] itself: say so rather than fill nothing.
        if (!Arrays.asList(input.tokens()).contains(MASK)) {
            throw new ModelException("cli.fillMask.maskCut", new Object[] {MASK, input.length()}, "--text");
        }
        long masks = Arrays.stream(input.tokens()).filter(MASK::equals).count();
        var guesses = FillMask.topK(model(), tokenizer, input.ids(), input.tokens(), top).stream()
                .map(p -> new Guess(p.token(), p.id(), p.prob())).toList();
        return new MaskGuesses(Reading.of(input), masks, guesses);
    }

    private BertInput encode(String text) {
        return BertInput.fit(tokenizer.encode(text), config.maxPositions());
    }

    private Bert model() {
        if (bert == null) bert = Bert.load(folder);
        return bert;
    }

    @Override
    public void close() {
        if (bert != null) bert.close();
        tokenizer.close();
    }
}
