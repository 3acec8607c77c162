package br.lncc.llm.lesson.ch08;

import ai.djl.ndarray.NDManager;
import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cap. 8.4 and 8.5.4: a causal LM as a judge of two answers, and how fragile its verdict is. For
 * each pair of answers, each wording of the judge's prompt and both orders (a first, b first),
 * we build the exact prompt, run ONE forward pass and read the next-token logits of the labels
 * "A" and "B": no sampling, so a verdict that changes is the judge's, not the dice's.
 *
 * <p>The book's advice, in code: the prompt of every trial is kept verbatim ("registre o prompt
 * do juiz"); the output format is controlled by reading only the two label tokens and reporting
 * how much probability they got at all ({@link Trial#labelMass()}); robustness is tested with
 * small variations of wording and order ({@link JudgeSummary}).
 *
 * <p>The labels A and B are positions in the prompt; the verdict is the answer's identity (a or
 * b of the pair) after undoing the order. With order b-a, label A is answer b.
 */
public final class JudgeFragility {

    /** The identity of an answer in a pair (answer_a / answer_b of the JSONL file). */
    public enum Answer {
        A("a"),
        B("b");

        private final String code;

        Answer(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public Answer other() {
            return this == A ? B : A;
        }
    }

    /** Which answer the judge reads first (under label A) and second (under label B). */
    public enum Order {
        AB("a-b"),
        BA("b-a");

        private final String code;

        Order(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public Answer first() {
            return this == AB ? Answer.A : Answer.B;
        }

        public Answer second() {
            return first().other();
        }
    }

    /** A question, two answers and which one is actually correct (the reference, never shown to the judge). */
    public record Pair(String question, String answerA, String answerB, Answer correct) {
        public Pair {
            if (question == null || question.isBlank()) throw bad("lesson.judge.pair.noQuestion");
            if (answerA == null || answerA.isBlank() || answerB == null || answerB.isBlank()) {
                throw bad("lesson.judge.pair.answers", question);
            }
            if (answerA.strip().equals(answerB.strip())) {
                throw bad("lesson.judge.pair.same", question);
            }
            if (correct == null) throw bad("lesson.judge.pair.noCorrect", question);
        }

        public String answer(Answer which) {
            return which == Answer.A ? answerA : answerB;
        }
    }

    /**
     * One wording of the judge's instruction, with the placeholders {pergunta}, {A} and {B}
     * (the answer shown first and the one shown second).
     */
    public record Wording(String name, String template) {
        public Wording {
            if (name == null || name.isBlank()) throw bad("lesson.judge.wording.noName");
            if (template == null || template.isBlank()) throw bad("lesson.judge.wording.empty", name);
            for (String p : List.of(QUESTION, FIRST, SECOND)) {
                if (!template.contains(p)) {
                    throw bad("lesson.judge.wording.placeholder", name, p);
                }
            }
        }
    }

    /**
     * The tokens that spell each label, as this tokenizer writes them: "A" alone and, when the
     * vocabulary has one, the leading-space variant (GPT-2/SmolLM "ĠA"); a SentencePiece
     * vocabulary gives "▁A". Only single-token spellings count.
     */
    public record VerdictTokens(long[] firstIds, List<String> firstPieces, long[] secondIds, List<String> secondPieces) {}

    /**
     * One forward pass of the judge.
     *
     * @param pair index in the run's pair list (0-based)
     * @param prompt the exact text fed to the model (chat template applied when there is one)
     * @param logitFirst log Σ exp(logit) over the spellings of label A (the answer shown first)
     * @param logitSecond the same for label B
     * @param labelMass P(A) + P(B) under the full next-token softmax: near 1 when the judge follows
     *     the output format, near 2/V for random weights
     */
    public record Trial(
            int pair,
            String wording,
            Order order,
            String prompt,
            int promptTokens,
            double logitFirst,
            double logitSecond,
            double labelMass,
            Answer reference) {

        /** P(label A) against P(label B) alone: the two-way softmax of the combined logits. */
        public double pFirst() {
            return 1.0 / (1.0 + Math.exp(logitSecond - logitFirst));
        }

        /** An exact tie (never seen with real logits) goes to the first position. */
        public boolean firstChosen() {
            return logitFirst >= logitSecond;
        }

        public Answer verdict() {
            return firstChosen() ? order.first() : order.second();
        }

        public boolean correct() {
            return verdict() == reference;
        }

        /** |P(A) − P(B)|: how decided the judge was, 0 = coin toss, 1 = certain. */
        public double margin() {
            return Math.abs(2 * pFirst() - 1);
        }
    }

    /**
     * @param complete false when the run was cancelled: {@code trials} holds what finished
     */
    public record Result(
            String model,
            boolean chatTemplate,
            VerdictTokens tokens,
            List<Pair> pairs,
            List<Wording> wordings,
            List<Trial> trials,
            boolean complete) {
        public Result {
            pairs = List.copyOf(pairs);
            wordings = List.copyOf(wordings);
            trials = List.copyOf(trials);
        }

        public JudgeSummary summary() {
            return JudgeSummary.of(trials);
        }
    }

    static final String QUESTION = "{pergunta}";
    static final String FIRST = "{A}";
    static final String SECOND = "{B}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(pergunta|A|B)\\}");

    /** Without a chat template the prompt ends with this cue, so the next token is the verdict. */
    public static final String RAW_CUE = "\n\nVeredito:";

    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final VerdictTokens tokens;

    /**
     * @param template the model's chat template, or null to prompt with raw text
     */
    public JudgeFragility(CausalLm model, TextTokenizer tokenizer, ChatTemplate template) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = template;
        this.tokens = verdictTokens(tokenizer);
    }

    public VerdictTokens tokens() {
        return tokens;
    }

    public boolean usesChatTemplate() {
        return template != null;
    }

    /** Finds the single-token spellings of "A" and "B"; a tokenizer without them cannot be a judge here. */
    public static VerdictTokens verdictTokens(TextTokenizer tokenizer) {
        var first = spellings(tokenizer, "A");
        var second = spellings(tokenizer, "B");
        if (first.isEmpty() || second.isEmpty()) {
            throw new ModelException("lesson.judge.noLetterTokens", new Object[0], "");
        }
        return new VerdictTokens(ids(first), List.copyOf(first.values()), ids(second), List.copyOf(second.values()));
    }

    private static Map<Long, String> spellings(TextTokenizer tokenizer, String letter) {
        Map<Long, String> found = new LinkedHashMap<>();
        for (String text : List.of(letter, " " + letter)) {
            var e = tokenizer.encode(text, false);
            if (e.ids().length == 1) found.putIfAbsent(e.ids()[0], e.tokens()[0]);
        }
        return found;
    }

    private static long[] ids(Map<Long, String> m) {
        return m.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** The exact text the judge reads for this pair, wording and order. */
    public String prompt(Pair pair, Wording wording, Order order) {
        String user = fill(wording.template(), pair.question(), pair.answer(order.first()), pair.answer(order.second()));
        return template != null ? template.userPrompt(null, user) : user + RAW_CUE;
    }

    /** One pass over the placeholders, so an answer that itself contains "{B}" is left alone. */
    static String fill(String wording, String question, String first, String second) {
        Matcher m = PLACEHOLDER.matcher(wording);
        var out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "pergunta" -> question;
                case "A" -> first;
                default -> second;
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    long[] encode(String prompt) {
        // The chat template already wrote every special token the model expects.
        return tokenizer.encode(prompt, false).ids();
    }

    /** Judges one pair in one wording and order: one forward pass in its own scope. */
    public Trial judge(int index, Pair pair, Wording wording, Order order) {
        String prompt = prompt(pair, wording, order);
        long[] ids = encode(prompt);
        requireFits(ids.length, index, wording);
        float[] logits;
        try (NDManager scope = model.manager().newSubManager()) {
            var input = scope.create(ids).reshape(1, ids.length);
            logits = model.forward(input, null, true, null).toFloatArray();
        }
        double first = logSumExp(logits, tokens.firstIds());
        double second = logSumExp(logits, tokens.secondIds());
        double logZ = logSumExp(logits, null);
        // NaN compares false both ways: every verdict would fall to one side and read as a huge bias.
        if (Double.isNaN(first) || Double.isNaN(second) || Double.isNaN(logZ)) {
            throw new ModelException("lesson.judge.nan", new Object[] {index}, "NaN logits");
        }
        double mass = Math.exp(first - logZ) + Math.exp(second - logZ);
        return new Trial(index, wording.name(), order, prompt, ids.length, first, second, mass, pair.correct());
    }

    /**
     * Spellings of one label combine by log-sum-exp: P("A") + P(" A") is the probability that
     * the judge says A in either spelling, so the two-way softmax of the combined logits equals
     * P(A) / (P(A) + P(B)) under the full softmax. {@code ids == null} sums the whole vocabulary.
     */
    static double logSumExp(float[] logits, long[] ids) {
        int n = ids == null ? logits.length : ids.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logits[ids == null ? i : (int) ids[i]]);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(logits[ids == null ? i : (int) ids[i]] - max);
        return max + Math.log(sum);
    }

    private void requireFits(int length, int pairIndex, Wording wording) {
        if (length > model.maxPositions()) {
            throw new LessonInputException("lesson.judge.tooLong",
                    new Object[] {pairIndex + 1, wording.name(), length, model.maxPositions(), model.name()},
                    "prompt of " + length + " tokens > max_position_embeddings " + model.maxPositions());
        }
    }

    /**
     * Every pair × wording × order, pairs outermost. Each finished trial goes to {@code onTrial}
     * at once (the page draws it), and a cancelled run returns what finished, marked incomplete.
     */
    public Result run(List<Pair> pairs, List<Wording> wordings, Consumer<Trial> onTrial, ProgressSink progress) {
        if (pairs.isEmpty()) throw bad("lesson.judge.noPairs");
        if (wordings.isEmpty()) throw bad("lesson.judge.noWordings");
        Set<String> names = new HashSet<>();
        for (Wording w : wordings) {
            if (!names.add(w.name())) throw bad("lesson.judge.sameName", w.name());
        }
        // Refuse an over-long prompt before spending any forward pass.
        for (int i = 0; i < pairs.size(); i++) {
            for (Wording w : wordings) {
                for (Order o : Order.values()) requireFits(encode(prompt(pairs.get(i), w, o)).length, i, w);
            }
        }
        int total = pairs.size() * wordings.size() * Order.values().length;
        List<Trial> trials = new ArrayList<>();
        boolean complete = true;
        run:
        for (int i = 0; i < pairs.size(); i++) {
            for (Wording w : wordings) {
                for (Order o : Order.values()) {
                    if (progress.isCancelled()) {
                        complete = false;
                        break run;
                    }
                    progress.update(trials.size(), total, br.lncc.llm.text.Message.of("lesson.judge.progress", i + 1, w.name(), o.code()));
                    Trial t = judge(i, pairs.get(i), w, o);
                    trials.add(t);
                    onTrial.accept(t);
                }
            }
        }
        progress.update(trials.size(), total, br.lncc.llm.text.Message.of(complete ? "lesson.judge.done" : "lesson.judge.cancelled"));
        return new Result(model.name(), template != null, tokens, pairs, wordings, trials, complete);
    }

    private static LessonInputException bad(String key, Object... args) {
        return new LessonInputException(key, args, "");
    }
}
