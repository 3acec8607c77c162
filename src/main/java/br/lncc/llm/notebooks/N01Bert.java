package br.lncc.llm.notebooks;

import br.lncc.llm.lesson.ch02.AttentionInspector;
import br.lncc.llm.lesson.ch02.BertSentence;
import br.lncc.llm.lesson.ch02.BertSentenceAnalyzer;
import br.lncc.llm.model.Bert;
import br.lncc.llm.model.BertModuleTree;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Notebook N1, part 1 (cells N1.01–N1.10): the real BERT-base on "A cute teddy bear is reading
 * a book." — tokens, guided prints, the embedding decomposition, PCA, attention shapes, the
 * layer 0 / head 0 heatmap and "para quem o token teddy olha".
 */
final class N01Bert {
    private final PrintStream out;
    private final Path plots;
    private final Bert bert;
    private final TextTokenizer tokenizer;

    N01Bert(PrintStream out, Path plots, Bert bert, TextTokenizer tokenizer) {
        this.out = out;
        this.plots = plots;
        this.bert = bert;
        this.tokenizer = tokenizer;
    }

    void run() throws IOException {
        N01.cell(out, "N1.01", "Setup");
        out.println("Device: cpu");

        N01.cell(out, "N1.02", "BERT (bert-base-uncased, AutoModel)");
        out.println(BertModuleTree.render(bert.config()));

        String text = BertSentenceAnalyzer.BOOK_SENTENCE;
        N01.cell(out, "N1.03", "Texto de entrada");
        out.println(text);

        var analyzer = new BertSentenceAnalyzer(bert, tokenizer);
        BertSentence s = analyzer.analyse(text, ProgressSink.NONE);
        List<String> tokens = s.tokens();
        N01.cell(out, "N1.04", "Tokenização");
        out.println("[BERT] Tokens:");
        for (int i = 0; i < tokens.size(); i++) out.printf(Locale.ROOT, "%02d  %s%n", i, tokens.get(i));

        N01.cell(out, "N1.05", "Impressões guiadas");
        out.println("[PRINT 1] Texto:");
        out.println(text);
        out.println("[PRINT 2] Tokens:");
        out.println(pythonStrings(tokens));
        out.println("[PRINT 3] input_ids");
        out.println("Shape: (1, " + s.length() + ")");
        out.println(TorchText.tensor(s.ids()));
        out.println("[PRINT 4] attention_mask");
        out.println("Shape: (1, " + s.length() + ")");
        out.println(TorchText.tensor(s.attentionMask()));
        out.println("[INTERPRETAÇÃO GUIADA]");
        out.println("- [CLS] abre e [SEP] fecha a sequência: o tokenizador os insere sozinho.");
        out.println("- Cada token virou um índice do vocabulário fixo (30522 entradas).");
        out.println("- O formato (1, n) é (batch, comprimento): uma frase de " + s.length() + " tokens.");
        out.println("- A máscara vale 1 em todas as posições: não há padding nesta frase.");
        out.println("- Até aqui não há vetores nem contexto: só índices inteiros.");

        N01.cell(out, "N1.06", "Decomposição dos embeddings (antes da LayerNorm)");
        String shape = "(1, " + s.length() + ", " + s.hidden() + ")";
        out.println("token_embeds:      " + shape);
        out.println("position_embeds:   " + shape);
        out.println("segment_embeds:    " + shape);
        out.println("bert_input_embeds: " + shape);
        out.println("token_embeds:");
        out.println(TorchText.tensor(toDouble(s.tokenEmbeddings()), true));
        out.println("position_embeds:");
        out.println(TorchText.tensor(toDouble(s.positionEmbeddings()), true));
        out.println("segment_embeds:");
        out.println(TorchText.tensor(toDouble(s.segmentEmbeddings()), true));
        out.println("bert_input_embeds:");
        out.println(TorchText.tensor(toDouble(s.sumEmbeddings()), true));
        out.println("# o notebook imprime estes quatro tensores duas vezes (duas células iguais)");
        if (s.repeated() != null) {
            var r = s.repeated();
            out.printf(Locale.ROOT, "# '%s' nas posições %d e %d: max|Δ token_embeds| = %.1e, ‖Δ bert_input_embeds‖ = %.4f%n",
                    r.token(), r.first(), r.second(), r.tokenRowMaxDiff(), r.sumRowDistance());
        }

        N01.cell(out, "N1.07", "Uma representação visual (PCA)");
        var labels = new ArrayList<NotebookPlots.Label>();
        for (int i = 0; i < s.length(); i++) {
            labels.add(new NotebookPlots.Label(s.pca().pc1(i), s.pca().pc2(i), i + ":" + tokens.get(i)));
        }
        NotebookPlots.scatter(plots.resolve("N1.07-pca.png"),
                "Espaço geométrico dos embeddings de entrada (PCA)\nANTES da atenção — apenas identidade + posição + segmento",
                labels, List.of(), 8, 6);
        out.println("bert_attentions ainda não foi gerado.");
        out.println("Rode a célula do forward com output_attentions=True (N1.08)");
        out.println("e execute esta célula de novo para ver o heatmap da última camada");
        out.println("e as setas de atenção sobre o plano PCA.");
        for (int i = 0; i < s.length(); i++) {
            out.printf(Locale.ROOT, "# PCA %-10s PC1=%7.3f  PC2=%7.3f%n", i + ":" + tokens.get(i), s.pca().pc1(i), s.pca().pc2(i));
        }
        out.printf(Locale.ROOT, "# variância explicada: PC1 %.1f%%, PC2 %.1f%%%n",
                100 * s.pca().explainedVarianceRatio()[0], 100 * s.pca().explainedVarianceRatio()[1]);

        N01.cell(out, "N1.08", "Forward com atenções");
        out.println("[BERT] Número de camadas: " + s.layers());
        out.println("[BERT] Shape da atenção (camada 0): (1, " + s.heads() + ", " + s.length() + ", " + s.length() + ")");

        N01.cell(out, "N1.09", "Heatmap, camada 0 / cabeça 0");
        double[][] a0 = s.attention(0, 0);
        NotebookPlots.heatmap(plots.resolve("N1.09-atencao-camada0-cabeca0.png"), NotebookPlots.heatmapChart(
                "[BERT] Self-Attention (bidirecional)", a0, tokens, "Keys (tokens atendidos)", "Queries (token que atende)",
                ""), 8, 6);
        // What the re-run of N1.07 would add: last layer heatmap and arrows over the PCA plane
        double[][] a11 = s.attention(s.layers() - 1, 0);
        NotebookPlots.heatmap(plots.resolve("N1.07-heatmap-camada11-cabeca0.png"), NotebookPlots.heatmapChart(
                "Heatmap de Self-Attention\nCamada 11, Cabeça 0\n(cada linha soma 1)", a11, tokens,
                "Keys (tokens observados)", "Queries (token que pergunta)", "Peso de atenção"), 8, 7);
        var arrows = new ArrayList<NotebookPlots.Arrow>();
        for (var a : AttentionInspector.arrows(a11, AttentionInspector.NOTEBOOK_ARROWS_PER_QUERY,
                AttentionInspector.NOTEBOOK_ARROW_THRESHOLD)) {
            arrows.add(new NotebookPlots.Arrow(s.pca().pc1(a.from()), s.pca().pc2(a.from()), s.pca().pc1(a.to()),
                    s.pca().pc2(a.to()), a.weight()));
        }
        NotebookPlots.scatter(plots.resolve("N1.07-setas-camada11-cabeca0.png"),
                "Fluxo de Atenção sobre o Espaço Geométrico\nCamada 11, Cabeça 0\n(setas = decisões de informação)",
                labels, arrows, 8, 6);
        out.println("# figura: " + plots.resolve("N1.09-atencao-camada0-cabeca0.png"));

        N01.cell(out, "N1.10", "Top-k de atenção para um token");
        int query = 3;
        out.println("[BERT] Token '" + tokens.get(query) + "' atende mais para:");
        for (var hit : AttentionInspector.topK(a0, tokens, query, 5)) {
            out.printf(Locale.ROOT, "  -> pos %02d '%s'  peso=%.4f%n", hit.position(), hit.token(), hit.weight());
        }
    }

    private static String pythonStrings(List<String> tokens) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < tokens.size(); i++) sb.append(i > 0 ? ", " : "").append('\'').append(tokens.get(i)).append('\'');
        return sb.append(']').toString();
    }

    private static double[][] toDouble(float[][] m) {
        return AttentionInspector.toDouble(m);
    }
}
