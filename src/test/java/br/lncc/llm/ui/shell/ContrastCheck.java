package br.lncc.llm.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.Stop;
import javafx.scene.text.Text;

/** WCAG contrast of visible text against the nearest painted background behind it. */
final class ContrastCheck {
    static final double MINIMUM = 3.0;

    private ContrastCheck() {}

    /** Descriptions of the visible texts under {@code root} whose contrast is below {@link #MINIMUM}. */
    static List<String> unreadable(Node root) {
        List<String> out = new ArrayList<>();
        visit(root, out);
        return out;
    }

    private static void visit(Node n, List<String> out) {
        if (!n.isVisible()) return;
        String text = null;
        Paint fill = null;
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank() && l.getGraphic() == null) {
            text = l.getText();
            fill = l.getTextFill();
        } else if (n instanceof Text t && !(t.getParent() instanceof Labeled) && !insideLabeledOrInput(t)
                && t.getText() != null && !t.getText().isBlank()) {
            text = t.getText();
            fill = t.getFill();
        }
        if (text != null && fill instanceof Color fg) {
            Color bg = backgroundBehind(n);
            double ratio = ratio(fg, bg);
            if (ratio < MINIMUM) {
                out.add(String.format(java.util.Locale.ROOT, "\"%s\" %s on %s (%.2f:1, %s)",
                        text.length() > 40 ? text.substring(0, 40) + "…" : text, fg, bg, ratio, n.getStyleClass()));
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) visit(c, out);
        }
    }

    private static boolean insideLabeledOrInput(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof Labeled || p instanceof TextInputControl) return true;
        }
        return false;
    }

    /** The first opaque-ish fill met walking from the node up to the scene root (the scene fill if none). */
    static Color backgroundBehind(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof Region r) {
                Color c = topFill(r.getBackground());
                if (c != null) return c;
            }
        }
        Paint sceneFill = n.getScene() == null ? null : n.getScene().getFill();
        return sceneFill instanceof Color c ? c : Color.WHITE;
    }

    private static Color topFill(Background b) {
        if (b == null) return null;
        Color found = null;
        for (BackgroundFill f : b.getFills()) {
            Color c = average(f.getFill());
            if (c != null && c.getOpacity() > 0.5) found = c;
        }
        return found;
    }

    private static Color average(Paint p) {
        if (p instanceof Color c) return c;
        if (p instanceof LinearGradient g && !g.getStops().isEmpty()) {
            double r = 0, gr = 0, b = 0, a = 0;
            for (Stop s : g.getStops()) {
                r += s.getColor().getRed();
                gr += s.getColor().getGreen();
                b += s.getColor().getBlue();
                a += s.getColor().getOpacity();
            }
            int k = g.getStops().size();
            return new Color(r / k, gr / k, b / k, a / k);
        }
        return null;
    }

    static double ratio(Color a, Color b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
    }

    private static double channel(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
