package br.lncc.llm.lesson.ch04;

import br.lncc.llm.model.BertConfig;
import br.lncc.llm.text.Messages;
import br.lncc.llm.model.BertModuleTree;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.text.Message;
import br.lncc.llm.tokenize.Gpt2Bpe;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cap. 4.2–4.7: BERT (encoder, bidirectional) beside GPT-2 (decoder, causal) — the block chains
 * of N2.01's diagrams, the two attention masks, and both module trees as PyTorch prints them,
 * all computed from the published configurations (no weights needed).
 */
public final class Architectures {

    private Architectures() {}

    /** One box of a block diagram; {@code kind} picks its colour (input, embedding, block, output). */
    public record Stage(String label, String kind) {}

    /**
     * A diagram: the chain before, inside and after the repeated cluster. The boxes keep notebook
     * N2's own (English) labels; the title is a message in the page's language.
     */
    public record Diagram(Message title, List<Stage> before, String cluster, List<Stage> repeated, List<Stage> after) {}

    public static final List<Diagram> DIAGRAMS = List.of(
            new Diagram(Message.of("lesson.arch.generic"), List.of(new Stage("Input Tokens", "input"),
                    new Stage("Token + Positional\nEmbedding", "embedding")), "",
                    List.of(new Stage("Self-Attention", "block"), new Stage("Feed Forward\n(MLP)", "block")),
                    List.of(new Stage("Hidden States", "output"))),
            new Diagram(Message.literal("BERT"), List.of(new Stage("Input Tokens", "input"), new Stage("Embedding", "embedding")),
                    "Encoder x12\nBidirectional Attention",
                    List.of(new Stage("Self-Attention\n(all tokens see all)", "block"), new Stage("Feed Forward", "block")),
                    List.of(new Stage("Contextual Representations\n(understanding)", "output"))),
            new Diagram(Message.literal("GPT-2"), List.of(new Stage("Input Tokens", "input"), new Stage("Embedding", "embedding")),
                    "Decoder x12\nCausal Attention",
                    List.of(new Stage("Masked Self-Attention\n(past only)", "block"), new Stage("Feed Forward", "block")),
                    List.of(new Stage("Next Token Prediction\n(generation)", "output"))));

    /** 1 where query i may attend to key j: every pair for BERT, only j ≤ i for GPT-2. */
    public static double[][] mask(int n, boolean causal) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) m[i][j] = !causal || j <= i ? 1 : 0;
        }
        return m;
    }

    /** GPT-2 BPE pieces of a sentence, for the mask axes ("Transform", "ers", "␣are"…). */
    public static List<String> gpt2Pieces(String text) {
        return Arrays.stream(Gpt2Bpe.pieces(Gpt2Bpe.encode(text))).map(p -> p.replace(" ", "␣")).toList();
    }

    public static BertConfig bertBase() {
        try {
            return BertConfig.of(new ObjectMapper().readTree("{\"model_type\":\"bert\"}"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String bertTree() {
        return BertModuleTree.render(bertBase());
    }

    public static String gpt2Tree() {
        return Gpt2.Config.gpt2Small().moduleTree();
    }

    /** torchinfo's GPT-2 summary for a 1×128 input (N2.04), with the tied-head double count explained (pt-BR). */
    public static String gpt2Summary() {
        return gpt2Summary(Messages.PT_BR);
    }

    /** The same summary with its headings in {@code language} (the numbers keep torchinfo's commas). */
    public static String gpt2Summary(Locale language) {
        var c = Gpt2.Config.gpt2Small();
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-22s %-18s %15s%n", Messages.render(language, "lesson.arch.layer"),
                Messages.render(language, "lesson.arch.output"), Messages.render(language, "lesson.arch.parameters")));
        sb.append(String.format(Locale.ROOT, "%-22s %-18s %,15d%n", "Embedding (wte)", "[1, 128, " + c.nEmbd() + "]", (long) c.vocabSize() * c.nEmbd()));
        sb.append(String.format(Locale.ROOT, "%-22s %-18s %,15d%n", "Embedding (wpe)", "[1, 128, " + c.nEmbd() + "]", (long) c.nPositions() * c.nEmbd()));
        for (int i = 0; i < c.nLayer(); i++) {
            sb.append(String.format(Locale.ROOT, "%-22s %-18s %,15d%n", "GPT2Block (" + i + ")", "[1, 128, " + c.nEmbd() + "]", c.blockParameters()));
        }
        sb.append(String.format(Locale.ROOT, "%-22s %-18s %,15d%n", "LayerNorm (ln_f)", "[1, 128, " + c.nEmbd() + "]", 2L * c.nEmbd()));
        sb.append(String.format(Locale.ROOT, "%-22s %-18s %,15d%n", "Linear (lm_head)", "[1, 128, " + c.vocabSize() + "]", (long) c.vocabSize() * c.nEmbd()));
        sb.append(String.format(Locale.ROOT, "Total (torchinfo): %,d%n%s%n", c.parametersCountingTiedHeadTwice(),
                Messages.render(language, "lesson.arch.unique", String.format(Locale.ROOT, "%,d", c.uniqueParameters()))));
        return sb.toString();
    }
}
