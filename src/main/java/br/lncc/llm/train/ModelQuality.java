package br.lncc.llm.train;

import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.CorpusTokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pre-trained model writes, measured (Cap. 4.9–4.10 on a model that learned something):
 * at each temperature, samples of 200 characters after the fixed prompts; the share of their
 * words that are words of the corpus (real words vs invented ones) and the share of word
 * trigrams already written earlier in the same sample (repetition, what a low τ shows).
 */
public record ModelQuality(List<AtTemperature> temperatures) {

    public static final int SAMPLE_CHARS = 200;

    /** @param example the first sample, for the card */
    public record AtTemperature(double temperature, int samples, int words, double corpusWordShare,
            double repeatedTrigramShare, String examplePrompt, String example) {}

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    /** {@code samples} continuations per temperature, seeds seed, seed+1, … cycling over the prompts. */
    public static ModelQuality measure(Gpt2 model, CorpusTokenizer tokenizer, String corpusText, List<String> prompts,
            double[] temperatures, int samples, long seed) {
        Set<String> vocabulary = new HashSet<>();
        Matcher m = WORD.matcher(corpusText);
        while (m.find()) vocabulary.add(m.group().toLowerCase(Locale.ROOT));
        List<AtTemperature> out = new ArrayList<>();
        for (double tau : temperatures) {
            int words = 0, known = 0, trigrams = 0, repeated = 0;
            String example = null, examplePrompt = null;
            for (int i = 0; i < samples; i++) {
                String prompt = prompts.get(i % prompts.size());
                String text = continuation(model, tokenizer, prompt, tau, SAMPLE_CHARS, seed + i);
                boolean cut = text.length() > SAMPLE_CHARS;
                if (cut) text = text.substring(0, SAMPLE_CHARS);
                if (example == null) {
                    example = text;
                    examplePrompt = prompt;
                }
                List<String> w = new ArrayList<>();
                Matcher wm = WORD.matcher(text);
                while (wm.find()) w.add(wm.group().toLowerCase(Locale.ROOT));
                // A word cut by the 200-character limit is not judged.
                if (cut && !w.isEmpty() && Character.isLetter(text.charAt(text.length() - 1))) w.remove(w.size() - 1);
                for (String word : w) if (vocabulary.contains(word)) known++;
                words += w.size();
                Set<String> seen = new HashSet<>();
                for (int j = 0; j + 2 < w.size(); j++) {
                    String tri = w.get(j) + " " + w.get(j + 1) + " " + w.get(j + 2);
                    trigrams++;
                    if (!seen.add(tri)) repeated++;
                }
            }
            out.add(new AtTemperature(tau, samples, words, words == 0 ? 0 : known / (double) words,
                    trigrams == 0 ? 0 : repeated / (double) trigrams, examplePrompt, example));
        }
        return new ModelQuality(List.copyOf(out));
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** At least {@code chars} characters after {@code prompt} when the context allows (sampling at τ, seeded). */
    static String continuation(Gpt2 model, CorpusTokenizer tokenizer, String prompt, double temperature, int chars, long seed) {
        return continuation(model, tokenizer, prompt, temperature, chars, seed, false);
    }

    /** As above; with {@code showingBytes}, a half-written character shows as {@code <0xNN>}, not "�" (as on page 4.8). */
    static String continuation(Gpt2 model, CorpusTokenizer tokenizer, String prompt, double temperature, int chars, long seed,
            boolean showingBytes) {
        int[] ids = tokenizer.encode(prompt);
        if (ids.length == 0) ids = new int[] {tokenizer.endOfTextId()};
        int context = model.config().nPositions();
        int keep = Math.min(ids.length, context - 1);
        long[] promptIds = new long[keep];
        for (int i = 0; i < keep; i++) promptIds[i] = ids[ids.length - keep + i];
        int maxNew = Math.min(context - keep, chars + 8);
        var gen = new GenerationSettings(maxNew, Strategy.of(temperature, 0, 1), 1.0, seed, false, true,
                KvCache.Layout.PREALLOCATED, 0);
        List<Integer> fresh = new ArrayList<>();
        boolean[] enough = {false};
        // Stops as soon as the text is long enough: a "cancel" that keeps what was generated.
        ProgressSink untilLongEnough = new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return enough[0];
            }
        };
        new Generator(model).generate(promptIds, gen, (step, id, d) -> {
            if (id != tokenizer.endOfTextId()) fresh.add((int) id);
            enough[0] = fresh.size() >= chars || tokenizer.decode(toArray(fresh)).length() > chars;
        }, untilLongEnough);
        return showingBytes ? tokenizer.decodeShowingBytes(toArray(fresh)) : tokenizer.decode(toArray(fresh));
    }
}
