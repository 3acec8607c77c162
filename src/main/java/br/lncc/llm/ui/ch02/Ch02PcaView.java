package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.ch02.AttentionInspector;
import br.lncc.llm.lesson.ch02.BertSentence;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.PageLayout;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.CsvTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;

/**
 * Cap. 2.4.7: the input embeddings (token + position + segment, before any attention) projected
 * from 768 to 2 dimensions, labelled "i:token", with the optional arrows of N1.07 (top-2 keys
 * per query with weight ≥ 0.12, opacity = weight) for any layer and head.
 */
public final class Ch02PcaView {
    private final I18n i18n;
    private final BertSession session;
    private final PageLayout layout;
    private final PcaCanvas canvas = new PcaCanvas(820, 560);
    private final CheckBox arrows = new CheckBox();
    private final Spinner<Integer> layer = new Spinner<>(0, 11, 11);
    private final Spinner<Integer> head = new Spinner<>(0, 11, 0);
    private final Label variance = new Label();
    private List<AttentionInspector.Arrow> shownArrows = List.of();

    public Ch02PcaView(PageContext ctx, BertSession session) {
        this.session = session;
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.pca.title", "lessons.pca.intro");
        layout.add(new SentenceBar(ctx, session));
        arrows.textProperty().bind(i18n.text("lessons.pca.arrows"));
        arrows.setId("pca-arrows");
        layer.setPrefWidth(80);
        head.setPrefWidth(80);
        canvas.setId("pca-canvas");
        // Wraps at presenter scale instead of being cut to "…".
        variance.setWrapText(true);
        variance.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        var layerLabel = new Label();
        layerLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        layerLabel.textProperty().bind(i18n.text("lessons.attention.layer"));
        var headLabel = new Label();
        headLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        headLabel.textProperty().bind(i18n.text("lessons.attention.head"));
        layout.add(new HBox(10, arrows, layerLabel, layer, headLabel, head));
        layout.add(canvas, variance);
        ChartExport.installMenu(canvas, this::csv, () -> "pca-embeddings", i18n, ctx.status());
        layout.add(layout.note("lessons.pca.noteCls"));
        layout.add(layout.note("lessons.pca.noteDistances"));
        layout.add(layout.note("lessons.pca.noteSign"));
        session.resultProperty().addListener((o, a, b) -> draw(b));
        arrows.selectedProperty().addListener((o, a, b) -> draw(session.resultProperty().get()));
        layer.valueProperty().addListener((o, a, b) -> draw(session.resultProperty().get()));
        head.valueProperty().addListener((o, a, b) -> draw(session.resultProperty().get()));
        i18n.localeProperty().addListener((o, a, b) -> draw(session.resultProperty().get()));
        canvas.setEmptyMessage(i18n.get("chart.empty", i18n.get("lessons.bert.run")));
        i18n.localeProperty().addListener((o, a, b) -> canvas.setEmptyMessage(i18n.get("chart.empty", i18n.get("lessons.bert.run"))));
        draw(session.resultProperty().get());
    }

    public Node root() {
        return layout.root();
    }

    List<AttentionInspector.Arrow> shownArrows() {
        return shownArrows;
    }

    CheckBox arrowsBox() {
        return arrows;
    }

    private void draw(BertSentence s) {
        if (s == null) return;
        var p = s.pca();
        shownArrows = arrows.isSelected()
                ? AttentionInspector.arrows(s.attention(Math.min(layer.getValue(), s.layers() - 1),
                        Math.min(head.getValue(), s.heads() - 1)), AttentionInspector.NOTEBOOK_ARROWS_PER_QUERY,
                        AttentionInspector.NOTEBOOK_ARROW_THRESHOLD)
                : List.of();
        String pc1 = br.lncc.llm.ui.I18n.display("PC1 (%.1f%%)", 100 * p.explainedVarianceRatio()[0]);
        String pc2 = br.lncc.llm.ui.I18n.display("PC2 (%.1f%%)", 100 * p.explainedVarianceRatio()[1]);
        canvas.setData(p.points(), s.indexedTokens(), shownArrows, pc1, pc2);
        variance.setText(i18n.get("lessons.pca.variance", br.lncc.llm.ui.I18n.display("%.1f", 100 * p.explainedVarianceRatio()[0]),
                br.lncc.llm.ui.I18n.display("%.1f", 100 * p.explainedVarianceRatio()[1]), s.hidden()));
    }

    private CsvTable csv() {
        var s = session.resultProperty().get();
        var rows = new ArrayList<List<Object>>();
        if (s != null) {
            for (int i = 0; i < s.length(); i++) rows.add(List.of(i, s.tokens().get(i), s.pca().pc1(i), s.pca().pc2(i)));
        }
        return new CsvTable(List.of("pos", "token", "PC1", "PC2"), rows);
    }
}
