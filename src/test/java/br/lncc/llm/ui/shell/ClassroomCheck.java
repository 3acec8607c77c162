package br.lncc.llm.ui.shell;

import br.lncc.llm.ui.widget.HeatmapView;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.Chart;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;

/**
 * What a teacher projecting a page would call broken, found in the scene graph after the page's
 * main action ran: table cells cut to "…", chart texts drawn over each other, heatmap labels
 * closer than a line of text, and words of the other language.
 */
final class ClassroomCheck {
    private ClassroomCheck() {}

    // Words only Portuguese has, as the app's own texts use them. Book titles, user input and
    // model outputs are not looked at (see visitText).
    private static final Pattern PORTUGUESE = Pattern.compile(
            "(?iu)(?<![\\p{L}])(não|você|está|são|também|então|Clique|Escolha|Rodar|Gerar|Pronto|Carregar|"
                    + "Analisar|Treinar|Modelo|modelos|frase|passos|camada|cabeça|gráfico|aparece|depois|"
                    + "[\\p{L}]+ções|[\\p{L}]+ção)(?![\\p{L}])");
    // JavaFX's built-in English, and English function words, in a pt-BR page.
    private static final Pattern ENGLISH = Pattern.compile(
            "(?u)(No content in table|Show Details|Hide Details|(?<![\\p{L}])(the|with|which|appears|click|Run|Load|Choose)(?![\\p{L}]))");

    /** Visible table cells whose text the skin cut with an ellipsis. */
    static List<String> clippedCells(Node root) {
        List<String> out = new ArrayList<>();
        visitCells(root, out);
        return out;
    }

    private static void visitCells(Node n, List<String> out) {
        if (!n.isVisible()) return;
        if (n instanceof TableCell<?, ?> cell && !cell.isEmpty() && cell.getText() != null && !cell.getText().isBlank()) {
            for (Node c : cell.getChildrenUnmodifiable()) {
                if (c instanceof Text t && c.isVisible() && !t.getText().equals(cell.getText())
                        && t.getText().endsWith(cell.getEllipsisString())) {
                    out.add("cell \"" + cell.getText() + "\" shown as \"" + t.getText() + "\"");
                }
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) visitCells(c, out);
        }
    }

    /** Texts of one chart that cover each other (tick labels, axis labels, title, legend). */
    static List<String> overlappingChartText(Node root) {
        List<String> out = new ArrayList<>();
        visitCharts(root, out);
        return out;
    }

    private static void visitCharts(Node n, List<String> out) {
        if (!n.isVisible()) return;
        if (n instanceof Chart chart) {
            List<Text> texts = new ArrayList<>();
            collectTexts(chart, texts);
            for (int i = 0; i < texts.size(); i++) {
                Bounds a = shrink(texts.get(i).localToScene(texts.get(i).getBoundsInLocal()));
                for (int j = i + 1; j < texts.size(); j++) {
                    Bounds b = shrink(texts.get(j).localToScene(texts.get(j).getBoundsInLocal()));
                    if (a.intersects(b)) {
                        out.add("chart " + (chart.getTitle() == null ? chart.getId() : chart.getTitle()) + ": \""
                                + texts.get(i).getText() + "\" over \"" + texts.get(j).getText() + "\"");
                    }
                }
            }
            return;
        }
        if (n instanceof HeatmapView map && map.rows() > 0 && map.cellSize() > 0) {
            double rowSpacing = map.rowLabelStep() * map.cellSize();
            double colSpacing = map.columnLabelStep() * map.cellSize() * Math.sin(Math.PI / 4);
            double line = map.labelFontSize();
            if (rowSpacing < line || colSpacing < line) {
                out.add(String.format(java.util.Locale.ROOT, "heatmap %s: labels %.1f/%.1f px apart, font %.1f px",
                        map.getId(), rowSpacing, colSpacing, line));
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) visitCharts(c, out);
        }
    }

    private static Bounds shrink(Bounds b) {
        // Anti-aliased glyph boxes touch: only a real overlap (more than a pixel) counts.
        return new javafx.geometry.BoundingBox(b.getMinX() + 1, b.getMinY() + 1,
                Math.max(0, b.getWidth() - 2), Math.max(0, b.getHeight() - 2));
    }

    private static void collectTexts(Node n, List<Text> out) {
        if (!n.isVisible() || n.getOpacity() == 0) return;
        if (n instanceof Text t && t.getText() != null && !t.getText().isBlank()) out.add(t);
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) collectTexts(c, out);
        }
    }

    /** App texts in the other language: Portuguese words on an English page, English ones on a pt-BR page. */
    static List<String> otherLanguage(Node root, boolean english) {
        List<String> out = new ArrayList<>();
        visitText(root, english ? PORTUGUESE : ENGLISH, out);
        return out;
    }

    private static void visitText(Node n, Pattern other, List<String> out) {
        if (!n.isVisible()) return;
        // What the user typed, what a model wrote (text flows), the book's own questions and
        // examples (book-text, cells and lists): content, not the app's words.
        if (n instanceof TextInputControl || n instanceof IndexedCell<?> || n.getStyleClass().contains("book-text")
                || n instanceof javafx.scene.text.TextFlow
                || n instanceof javafx.scene.control.ComboBoxBase<?> || n instanceof javafx.scene.control.ChoiceBox<?>) return;
        String text = null;
        if (n instanceof Labeled l) text = l.getText();
        else if (n instanceof Text t && !(t.getParent() instanceof Labeled)) text = t.getText();
        if (text != null) {
            var m = other.matcher(text);
            if (m.find()) {
                out.add("\"" + m.group() + "\" in \"" + (text.length() > 90 ? text.substring(0, 90) + "…" : text) + "\"");
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) visitText(c, other, out);
        }
    }
}
