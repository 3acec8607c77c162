package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.ch02.AttentionInspector;
import br.lncc.llm.lesson.ch02.BertSentence;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.NumberTable;
import br.lncc.llm.ui.lessons.PageLayout;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * Cap. 2.2: the sentence becomes WordPiece tokens with indices, input_ids, attention_mask and
 * token_type_ids; special tokens and sub-word pieces are highlighted.
 */
public final class Ch02TokenizationView {
    private final I18n i18n;
    private final PageLayout layout;
    private final FlowPane chips = new FlowPane(6, 6);
    private final Label shapes = new Label();
    private final NumberTable table = new NumberTable();

    public Ch02TokenizationView(PageContext ctx, BertSession session) {
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.tokens.title", "lessons.tokens.intro");
        layout.add(new SentenceBar(ctx, session));
        layout.heading("lessons.tokens.chipsHeading");
        chips.setId("tokens-chips");
        shapes.setId("tokens-shapes");
        shapes.getStyleClass().add("formula");
        // Wraps at presenter scale instead of being cut to "…".
        shapes.setWrapText(true);
        shapes.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        table.setId("tokens-table");
        layout.add(chips, layout.paragraph("lessons.tokens.legend"), shapes, br.lncc.llm.ui.widget.SideScroll.of(table));
        layout.add(layout.note("lessons.tokens.noteWordPiece"));
        layout.add(layout.note("lessons.tokens.noteMask"));
        session.resultProperty().addListener((o, a, b) -> draw(b));
        i18n.localeProperty().addListener((o, a, b) -> draw(session.resultProperty().get()));
        draw(session.resultProperty().get());
    }

    public Node root() {
        return layout.root();
    }

    private void draw(BertSentence s) {
        if (s == null) return;
        chips.getChildren().clear();
        var rows = new ArrayList<List<Object>>();
        for (int i = 0; i < s.length(); i++) {
            String t = s.tokens().get(i);
            var index = new Label(String.format("%02d", i));
            index.getStyleClass().add("matrix-header");
            var token = new Label(t);
            token.getStyleClass().add("token-chip");
            if (AttentionInspector.SPECIAL_TOKENS.contains(t)) token.getStyleClass().add("special");
            else if (t.startsWith("##")) token.getStyleClass().add("subword");
            chips.getChildren().add(new VBox(2, index, token));
            rows.add(List.of(String.format("%02d", i), t, s.ids()[i], s.attentionMask()[i], s.typeIds()[i]));
        }
        shapes.setText(i18n.get("lessons.tokens.shapes", s.length()));
        table.setHeader(List.of("pos", "token", "input_ids", "attention_mask", "token_type_ids"));
        table.setRows(rows);
    }
}
