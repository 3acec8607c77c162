package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.ch02.BertSentence;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.NumberTable;
import br.lncc.llm.ui.lessons.PageLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;

/**
 * Cap. 2.3–2.4: the three lookups (token, position, segment) and their sum for the sentence,
 * with shapes and a compact preview of every row, and the proof that a repeated word shares
 * its token row but not its input vector.
 */
public final class Ch02EmbeddingsView {
    private final I18n i18n;
    private final PageLayout layout;
    private final Label shapes = new Label();
    private final NumberTable tokenTable = new NumberTable();
    private final NumberTable positionTable = new NumberTable();
    private final NumberTable segmentTable = new NumberTable();
    private final NumberTable sumTable = new NumberTable();
    private final Label proof = new Label();

    public Ch02EmbeddingsView(PageContext ctx, BertSession session) {
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.embeddings.title", "lessons.embeddings.intro");
        layout.add(new SentenceBar(ctx, session));
        shapes.getStyleClass().add("formula");
        // Wraps at presenter scale instead of being cut to "…".
        shapes.setWrapText(true);
        shapes.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        shapes.setId("embeddings-shapes");
        sumTable.setId("embeddings-table");
        proof.setMaxWidth(1100);
        proof.setId("embeddings-proof");
        proof.setWrapText(true);
        proof.getStyleClass().add("lesson-note");
        layout.heading("lessons.embeddings.tablesHeading");
        // One table under the other, each scrolling sideways on its own: a row of 768-value previews
        // is wider than the page at presenter scale, and it must not widen the page (which cut the
        // title, the introduction and the Analyse button at the right edge).
        var tables = new javafx.scene.layout.VBox(14, boxed(tokenTable), boxed(positionTable), boxed(segmentTable),
                boxed(sumTable));
        layout.add(shapes, tables);
        layout.heading("lessons.embeddings.proofHeading");
        layout.add(proof);
        // Before the first analysis the page says what to do (the note above): no empty boxes.
        var analysed = session.resultProperty().isNotNull();
        for (var n : java.util.List.of(tables, proof)) {
            n.visibleProperty().bind(analysed);
            n.managedProperty().bind(analysed);
        }
        layout.add(layout.note("lessons.embeddings.noteSum"));
        layout.add(layout.note("lessons.embeddings.noteContext"));
        session.resultProperty().addListener((o, a, b) -> draw(b));
        i18n.localeProperty().addListener((o, a, b) -> draw(session.resultProperty().get()));
        draw(session.resultProperty().get());
    }

    public Node root() {
        return layout.root();
    }

    private void draw(BertSentence s) {
        if (s == null) return;
        String shape = "(1, " + s.length() + ", " + s.hidden() + ")";
        shapes.setText("bert_input_embeds = token_embeds + position_embeds + segment_embeds,   " + shape);
        fill(tokenTable, s, "token_embeds = E_tok[input_ids]  " + shape, s.tokenEmbeddings());
        fill(positionTable, s, "position_embeds = E_pos[0…n−1]  " + shape, s.positionEmbeddings());
        fill(segmentTable, s, "segment_embeds = E_seg[0]  " + shape, s.segmentEmbeddings());
        fill(sumTable, s, i18n.get("lessons.embeddings.sum") + " = bert_input_embeds  " + shape, s.sumEmbeddings());
        var r = s.repeated();
        proof.setText(r == null ? i18n.get("lessons.embeddings.noRepeat")
                : i18n.get("lessons.embeddings.proof", r.token(), r.first(), r.second(),
                        br.lncc.llm.ui.I18n.display("%.1e", r.tokenRowMaxDiff()),
                        br.lncc.llm.ui.I18n.display("%.4f", r.sumRowDistance()),
                        br.lncc.llm.ui.I18n.display("%.4f", r.positionRowDistance())));
    }

    private static void fill(NumberTable table, BertSentence s, String caption, float[][] rows) {
        table.setHeader(List.of("pos", "token", caption));
        var out = new ArrayList<List<Object>>();
        for (int i = 0; i < s.length(); i++) out.add(List.of(String.format("%02d", i), s.tokens().get(i), preview(rows[i])));
        table.setRows(out);
    }

    private static Node boxed(NumberTable table) {
        // The card stays within the page; the table scrolls sideways inside it (as MatrixCard).
        var box = new javafx.scene.layout.VBox(br.lncc.llm.ui.widget.SideScroll.of(table));
        box.getStyleClass().add("matrix-card");
        box.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return box;
    }

    /** First 3 … last 3 values with 4 decimals, like torch's abbreviated print. */
    static String preview(float[] row) {
        // With a decimal comma ("0,0136") the values are separated by "; " (a ", " would read as
        // one more decimal comma); in English by ", " as torch prints them.
        boolean decimalComma = java.text.DecimalFormatSymbols.getInstance(br.lncc.llm.ui.I18n.app().getLocale())
                .getDecimalSeparator() == ',';
        String between = decimalComma ? "; " : ", ";
        var sb = new StringBuilder("[");
        for (int k = 0; k < 3; k++) sb.append(k > 0 ? between : "").append(br.lncc.llm.ui.I18n.display("%.4f", row[k]));
        sb.append(between).append('…');
        for (int k = row.length - 3; k < row.length; k++) sb.append(between).append(br.lncc.llm.ui.I18n.display("%.4f", row[k]));
        return sb.append(']').toString();
    }
}
