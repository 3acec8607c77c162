package br.lncc.llm.ui.lessons;

import br.lncc.llm.ui.I18n;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * The common frame of the Cap. 2–3 pages: a scrolling column with the section title, a short
 * introduction, headings and notes, all bound to i18n keys so a language switch relabels them.
 */
public final class PageLayout {
    private static final String CSS = PageLayout.class.getResource("/br/lncc/llm/ui/lessons/lessons.css").toExternalForm();

    private final I18n i18n;
    private final VBox column = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(column);

    public PageLayout(I18n i18n, String titleKey, String introKey) {
        this.i18n = i18n;
        column.getStyleClass().addAll("page", "lesson-page");
        scroll.setFitToWidth(true);
        scroll.getStylesheets().add(CSS);
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.setWrapText(true);
        title.textProperty().bind(i18n.text(titleKey));
        column.getChildren().add(title);
        if (introKey != null) column.getChildren().add(paragraph(introKey));
    }

    public ScrollPane root() {
        return scroll;
    }

    public VBox column() {
        return column;
    }

    /**
     * Scrolls the page the least needed to show {@code node} (a step just revealed below the fold,
     * for instance), preferring its top when it is taller than the viewport.
     */
    public void reveal(Node node) {
        scroll.applyCss();
        scroll.layout();
        Bounds b = column.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
        double contentHeight = column.getBoundsInLocal().getHeight();
        double viewHeight = scroll.getViewportBounds().getHeight();
        double range = contentHeight - viewHeight;
        if (b == null || range <= 0) return;
        double top = scroll.getVvalue() * range;
        double target = top;
        if (b.getMaxY() > top + viewHeight) target = Math.min(b.getMinY(), b.getMaxY() - viewHeight);
        if (b.getMinY() < target) target = b.getMinY();
        scroll.setVvalue(Math.max(0, Math.min(1, target / range)));
    }

    public PageLayout add(Node... nodes) {
        column.getChildren().addAll(nodes);
        return this;
    }

    public Label heading(String key) {
        var l = new Label();
        l.getStyleClass().add("page-heading");
        l.setWrapText(true);
        l.textProperty().bind(i18n.text(key));
        column.getChildren().add(l);
        return l;
    }

    public Label paragraph(String key) {
        var l = new Label();
        l.setWrapText(true);
        l.getStyleClass().add("lesson-text");
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    /** A boxed explanation at a point students found hard (the FAQ of the course). */
    public Node note(String key) {
        return NoteBox.of(i18n, key);
    }
}
