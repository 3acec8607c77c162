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

    private static String shownText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t) return t.getText();
        }
        return null;
    }
}
