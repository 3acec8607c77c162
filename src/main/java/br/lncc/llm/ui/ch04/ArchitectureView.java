package br.lncc.llm.ui.ch04;

import br.lncc.llm.lesson.ch04.Architectures;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.HeatmapView;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;

/**
 * Cap. 4.2–4.7: the generic Transformer, BERT and GPT-2 as block chains (N2.01's diagrams), the
 * bidirectional and causal masks of a sentence as matrices, and both module trees with
 * torchinfo's parameter summary. Everything comes from {@link Architectures}; nothing is loaded.
 */
public final class ArchitectureView extends ScrollPane {
    private final I18n i18n;
    private final HeatmapView bidirectional = new HeatmapView();
    private final HeatmapView causal = new HeatmapView();
    private final TextField sentence = new TextField("Transformers are models that");

    public ArchitectureView(PageContext ctx) {
        this.i18n = ctx.i18n();
        var box = new VBox(12);
        box.getStyleClass().add("page");
        var title = label("gen.arch.title");
        title.getStyleClass().add("page-title");
        box.getChildren().addAll(title, label("gen.arch.intro"));
        for (var d : Architectures.DIAGRAMS) box.getChildren().add(br.lncc.llm.ui.widget.SideScroll.of(diagram(d, i18n)));

        var maskTitle = label("gen.arch.masks");
        maskTitle.getStyleClass().add("page-heading");
        sentence.textProperty().addListener((o, a, b) -> showMasks());
        for (HeatmapView h : List.of(bidirectional, causal)) {
            h.setShowValues(true);
            h.setValueFormat("%.0f");
            h.setRange(0, 1);
            br.lncc.llm.ui.widget.PresenterSize.pref(h, 380, 320);
        }
        ChartExport.installMenu(bidirectional, null, () -> "mascara-bert", i18n, ctx.status());
        ChartExport.installMenu(causal, null, () -> "mascara-gpt2", i18n, ctx.status());
        var masks = new HBox(16, titled("gen.arch.bert", bidirectional), titled("gen.arch.gpt2", causal));
        showMasks();

        var treeTitle = label("gen.arch.trees");
        treeTitle.getStyleClass().add("page-heading");
        var trees = new HBox(12, mono(Architectures.gpt2Tree()), mono(Architectures.bertTree()));
        HBox.setHgrow(trees.getChildren().get(0), Priority.ALWAYS);
        HBox.setHgrow(trees.getChildren().get(1), Priority.ALWAYS);
        var summaryTitle = label("gen.arch.summary");
        var summary = mono(Architectures.gpt2Summary(i18n.getLocale()));
        i18n.show(summary.textProperty(), () -> Architectures.gpt2Summary(i18n.getLocale()));
        summaryTitle.getStyleClass().add("page-heading");
        box.getChildren().addAll(maskTitle, label("gen.arch.masksExplain"), sentence, masks, treeTitle, trees,
                summaryTitle, summary, label("gen.arch.tied"));
        setContent(box);
        setFitToWidth(true);
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setWrapText(true);
        return l;
    }

    private Node titled(String key, Node n) {
        return new VBox(4, label(key), n);
    }

    private static TextArea mono(String text) {
        var t = new TextArea(text);
        t.setEditable(false);
        t.setStyle("-fx-font-family: monospace;");
        t.setPrefRowCount(Math.min(32, (int) text.lines().count() + 1));
        return t;
    }

    private void showMasks() {
        List<String> pieces = sentence.getText().isBlank() ? List.of() : Architectures.gpt2Pieces(sentence.getText());
        if (pieces.size() > 24) pieces = pieces.subList(0, 24);
        bidirectional.setData(Architectures.mask(pieces.size(), false), pieces, pieces);
        causal.setData(Architectures.mask(pieces.size(), true), pieces, pieces);
    }

    private static Node diagram(Architectures.Diagram d, I18n i18n) {
        var row = new HBox(6);
        row.setAlignment(Pos.CENTER_LEFT);
        var name = new Label();
        i18n.show(name.textProperty(), () -> i18n.get(d.title()));
        // In em, so the column grows with presenter-size fonts and the three rows stay aligned.
        name.setStyle("-fx-min-width: 13.5em; -fx-pref-width: 13.5em;");
        name.getStyleClass().add("page-heading");
        row.getChildren().add(name);
        for (var s : d.before()) row.getChildren().addAll(box(s), arrow());
        if (d.cluster().isEmpty()) {
            for (var s : d.repeated()) row.getChildren().addAll(box(s), arrow());
        } else {
            var inner = new HBox(6);
            inner.setAlignment(Pos.CENTER);
            for (int i = 0; i < d.repeated().size(); i++) {
                if (i > 0) inner.getChildren().add(arrow());
                inner.getChildren().add(box(d.repeated().get(i)));
            }
            var label = new Label(d.cluster());
            label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            label.setTextAlignment(TextAlignment.CENTER);
            var cluster = new VBox(4, label, inner);
            cluster.setAlignment(Pos.CENTER);
            cluster.setPadding(new Insets(6));
            cluster.setStyle("-fx-border-color: #888888; -fx-border-style: dashed; -fx-border-radius: 6;");
            row.getChildren().addAll(cluster, arrow());
        }
        for (var s : d.after()) row.getChildren().add(box(s));
        return row;
    }

    private static Label arrow() {
        var a = new Label("→");
        a.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return a;
    }

    /** N2.01's colours: grey input, blue embeddings, green attention/FFN, yellow output. */
    private static Label box(Architectures.Stage s) {
        String fill = switch (s.kind()) {
            case "input" -> "#e0e0e0";
            case "embedding" -> "#BBDEFB";
            case "block" -> "#C8E6C9";
            default -> "#FFF9C4";
        };
        var l = new Label(s.label());
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setTextAlignment(TextAlignment.CENTER);
        l.setStyle("-fx-background-color: " + fill + "; -fx-background-radius: 8; -fx-padding: 6 10 6 10;"
                + " -fx-border-color: #777777; -fx-border-radius: 8; -fx-text-fill: #222222;");
        return l;
    }
}
