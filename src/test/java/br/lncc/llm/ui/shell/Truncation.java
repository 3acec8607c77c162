package br.lncc.llm.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/** Visible labels and buttons whose text the skin cut with an ellipsis. */
final class Truncation {
    private Truncation() {}

    static List<String> truncated(Node root) {
        List<String> out = new ArrayList<>();
        visit(root, out);
        return out;
    }

    private static void visit(Node n, List<String> out) {
        if (!n.isVisible()) return;
        // List/table cells and column headers cut long entries by design (the column can be widened).
        if (n instanceof javafx.scene.control.Cell<?> || n.getStyleClass().contains("column-header")) return;
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            String shown = shownText(l);
            if (shown != null && !shown.equals(l.getText()) && shown.endsWith(l.getEllipsisString())
                    && !l.getText().endsWith(l.getEllipsisString())) {
                out.add("\"" + l.getText() + "\" shown as \"" + shown + "\" (" + l.getClass().getSimpleName() + ")");
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) visit(c, out);
        }
    }

    /**
     * Entries of {@code tree} cut with an ellipsis: every entry expanded and scrolled into view in
     * turn (the tree only lays out the rows it shows).
     */
    static List<String> truncatedEntries(javafx.scene.control.TreeView<?> tree) throws Exception {
        var cut = new java.util.LinkedHashSet<String>();
        int rows = br.lncc.llm.ui.lessons.PageHarness.fx(() -> {
            expandAll(tree.getRoot());
            return tree.getExpandedItemCount();
        });
        for (int r = 0; r < rows; r += 4) {
            int row = r;
            cut.addAll(br.lncc.llm.ui.lessons.PageHarness.fx(() -> {
                tree.scrollTo(row);
                tree.applyCss();
                tree.layout();
                List<String> out = new ArrayList<>();
                for (Node n : tree.lookupAll(".tree-cell")) {
                    if (!(n instanceof Labeled l) || !l.isVisible() || l.getText() == null || l.getText().isBlank()) continue;
                    String shown = shownText(l);
                    if (shown != null && !shown.equals(l.getText()) && shown.endsWith(l.getEllipsisString())) {
                        out.add("\"" + l.getText() + "\" shown as \"" + shown + "\"");
                    }
                }
                return out;
            }));
        }
        return new ArrayList<>(cut);
    }

    /**
     * Why {@code page} does not fit its window, or null: a scrolling page whose content is wider than
     * its viewport (its text runs off the right edge), or a page that squeezed the contents pane
     * below {@code navigatorWidth} (its width on the welcome page) to make room for itself.
     */
    static String widerThanItsWindow(Node page, double navigatorWidth) {
        if (page instanceof javafx.scene.control.ScrollPane sp && sp.isFitToWidth() && sp.getContent() != null) {
            double content = sp.getContent().getLayoutBounds().getWidth(), viewport = sp.getViewportBounds().getWidth();
            if (content > viewport + 1) return "content " + Math.round(content) + " px in a " + Math.round(viewport) + " px viewport";
        }
        Node navigator = page.getScene().lookup("#navigator-pane");
        double shown = navigator.getLayoutBounds().getWidth();
        if (shown < navigatorWidth - 1) return "the contents pane squeezed from " + Math.round(navigatorWidth) + " to " + Math.round(shown) + " px";
        return null;
    }

    private static void expandAll(javafx.scene.control.TreeItem<?> item) {
        item.setExpanded(true);
        for (var c : item.getChildren()) expandAll(c);
    }

    private static String shownText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t) return t.getText();
        }
        return null;
    }
}
