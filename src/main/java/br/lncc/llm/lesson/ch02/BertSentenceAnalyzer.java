package br.lncc.llm.lesson.ch02;

import br.lncc.llm.hub.EmbeddedModel;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.model.Bert;
import br.lncc.llm.model.BertOutput;
import br.lncc.llm.model.BertRequest;
import br.lncc.llm.session.ModelFormat;
import br.lncc.llm.session.ModelLease;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.session.SessionKey;
import br.lncc.llm.session.SizedModel;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.tokenize.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a sentence through BERT once and keeps what the Cap. 2 pages and notebook N1 show. Texts
 * longer than the model's positions are cut (keeping [SEP] at the end) and the result says so.
 */
public final class BertSentenceAnalyzer implements AutoCloseable {
    /** "A cute teddy bear is reading a book." (Cap. 2.2, N1.03). */
    public static final String BOOK_SENTENCE = "A cute teddy bear is reading a book.";

    /** The Portuguese example that shows WordPiece splitting words it does not know whole. */
    public static final String PORTUGUESE_SENTENCE = "Este filme foi um desperdício de tempo.";

    /** The Cap. 2 pages' holder name: one BERT shared by 2.2–2.5. */
    public static final String HOLDER = "2.2–2.5";

    private final Bert bert;
    private final TextTokenizer tokenizer;
    /** What closing releases: a lease, or nothing when the caller owns the model. */
    private final AutoCloseable release;

    /** An analyzer over a model the caller owns (closing the analyzer leaves it open). */
    public BertSentenceAnalyzer(Bert bert, TextTokenizer tokenizer) {
        this(bert, tokenizer, () -> {});
    }

    private BertSentenceAnalyzer(Bert bert, TextTokenizer tokenizer, AutoCloseable release) {
        this.bert = bert;
        this.tokenizer = tokenizer;
        this.release = release;
    }

    /** A BERT folder's model and tokenizer as {@link ModelSessions} holds them. */
    public record Loaded(Bert bert, TextTokenizer tokenizer, long estimatedBytes) implements AutoCloseable, SizedModel {
        /** Reads a BERT folder (a copy of its own; {@link #lease} shares one). */
        public static Loaded read(Path folder) {
            TextTokenizer tokenizer = TextTokenizer.fromFolder(folder);
            try {
                return new Loaded(Bert.load(folder), tokenizer, safetensorsBytes(folder));
            } catch (RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        }

        @Override
        public void close() {
            bert.close();
            tokenizer.close();
        }
    }

    /**
     * The analyzer over the folder's BERT leased from {@link ModelSessions#app()}: every page and
     * command leasing the same folder shares one copy. Closing the analyzer closes the lease.
     * Call on a background thread (reading 440 MB takes seconds).
     */
    public static BertSentenceAnalyzer lease(Path folder, String holder) {
        ModelLease<Loaded> lease = ModelSessions.app().lease(SessionKey.of(folder, ModelFormat.FP32), holder, Loaded.class,
                () -> Loaded.read(folder));
        return new BertSentenceAnalyzer(lease.get().bert(), lease.get().tokenizer(), lease);
    }

    /** The BERT-base shipped with the app (unpacked once from its jar), leased as {@link #lease}. */
    public static BertSentenceAnalyzer leaseEmbedded(String holder, ProgressSink progress) {
        Path folder = EmbeddedModel.ensureUnpacked(progress);
        progress.checkCancelled();
        progress.update(0, -1, Message.of("lesson.bert.loading"));
        return lease(folder, holder);
    }

    /** The weights' size on disk: float32 safetensors, what the model holds in memory. */
    private static long safetensorsBytes(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            release.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the BERT analyzer failed", e);
        }
    }

    /** Tokens only (Cap. 2.2), no forward pass. */
    public TextTokenizer.Encoding tokenize(String text) {
        check(text);
        return tokenizer.encode(text);
    }

    public BertSentence analyse(String text, ProgressSink progress) {
        check(text);
        progress.update(0, 3, Message.of("lesson.bert.step.tokenize"));
        TextTokenizer.Encoding e = tokenizer.encode(text);
        int max = bert.config().maxPositions();
        int original = e.size();
        long[] ids = e.ids();
        String[] tokens = e.tokens();
        if (original > max) {
            // Keep [CLS] and the first max − 2 word pieces, then close with the original [SEP].
            ids = Arrays.copyOf(ids, max);
            tokens = Arrays.copyOf(tokens, max);
            ids[max - 1] = e.ids()[original - 1];
            tokens[max - 1] = e.tokens()[original - 1];
        }
        progress.checkCancelled();
        progress.update(1, 3, Message.of("lesson.bert.step.forward"));
        BertOutput out = bert.forward(ids, new BertRequest(true, false, true, new int[0]));
        progress.checkCancelled();
        progress.update(2, 3, Message.of("lesson.bert.step.pca"));
        var emb = out.embeddings();
        PcaProjection pca = Pca.project(emb.sum());
        List<String> tokenList = List.of(tokens);
        progress.update(3, 3, "");
        return new BertSentence(text, tokenList, ids, ones(ids.length), new long[ids.length], original, emb.token(),
                emb.position(), emb.segment(), emb.sum(), pca, repeated(tokenList, ids, emb), out.attentions());
    }

    private static void check(String text) {
        if (text == null || text.isBlank()) {
            throw new LessonInputException("lesson.bert.blank", new Object[] {}, "blank text");
        }
    }

    private static long[] ones(int n) {
        var m = new long[n];
        Arrays.fill(m, 1);
        return m;
    }

    /** The first word piece that occurs twice (specials excluded), with the Cap. 2.3.4 proof. */
    static BertSentence.RepeatedToken repeated(List<String> tokens, long[] ids, BertOutput.BertEmbeddings emb) {
        for (int i = 0; i < ids.length; i++) {
            if (AttentionInspector.SPECIAL_TOKENS.contains(tokens.get(i))) continue;
            for (int j = i + 1; j < ids.length; j++) {
                if (ids[j] != ids[i]) continue;
                double tokenDiff = 0, sum = 0, pos = 0;
                for (int k = 0; k < emb.token()[i].length; k++) {
                    tokenDiff = Math.max(tokenDiff, Math.abs(emb.token()[i][k] - emb.token()[j][k]));
                    double ds = emb.sum()[i][k] - emb.sum()[j][k];
                    double dp = emb.position()[i][k] - emb.position()[j][k];
                    sum += ds * ds;
                    pos += dp * dp;
                }
                return new BertSentence.RepeatedToken(tokens.get(i), i, j, tokenDiff, Math.sqrt(sum), Math.sqrt(pos));
            }
        }
        return null;
    }
}
