package br.lncc.llm.ui.widget;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;

/**
 * Wraps content that must keep its natural width (a row of numbers, a diagram) so that, when the
 * page is narrower — a small window or presenter-size fonts — it scrolls sideways instead of
 * having its labels cut to "…".
 */
public final class SideScroll {
    private SideScroll() {}

    public static ScrollPane of(Node content) {
        var scroll = new ScrollPane(content);
        // The viewport is exactly as tall as the content: fitting the content to the viewport instead
        // would squeeze it by the scrollbar's height and cut its bottom line.
        var height = javafx.beans.binding.Bindings.createDoubleBinding(
                () -> content.getLayoutBounds().getHeight(), content.layoutBoundsProperty());
        scroll.prefViewportHeightProperty().bind(height);
        scroll.minViewportHeightProperty().bind(height);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        // Vertical wheel movement must keep scrolling the page, not stop at this pane.
        scroll.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> {
            if (e.getDeltaX() == 0 && scroll.getParent() != null) {
                e.consume();
                scroll.getParent().fireEvent(e.copyFor(scroll.getParent(), scroll.getParent()));
            }
        });
        return scroll;
    }
}
