package br.lncc.llm.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.Appearance;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.lessons.PageHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The #19 classroom widgets: fitted tables, empty charts, whole-number axes, thinned heatmap labels, presenter sizes. */
class ClassroomWidgetsTest {
    private static Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        stage = PageHarness.toolkit();
    }

    @AfterEach
    void resetScale() throws Exception {
        fx(() -> {
            Appearance.app().fontScaleProperty().set(1.0);
            return null;
        });
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return PageHarness.fx(c);
    }

    private static void show(javafx.scene.Parent root) throws Exception {
        PageHarness.layOutOnPrimaryStage(stage, root, 900, 600);
    }

    private record Row(String name, String value) {}

    private static TableColumn<Row, String> column(String title, java.util.function.Function<Row, String> f) {
        var c = new TableColumn<Row, String>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        return c;
    }

    @Test
    void aFittedTableShowsEveryValueWholeAndIsNoWiderNorTallerThanItsRows() throws Exception {
        var table = new TableView<Row>();
        table.getColumns().add(column("formato", Row::name));
        table.getColumns().add(column("r", Row::value));
        FittedTable.fit(table);
        table.setItems(FXCollections.observableArrayList(
                new Row("NF4 + dupla quantização", "-1.234567"), new Row("FP32", "0.000001")));
        show(new VBox(table));
        double first = fx(() -> table.getColumns().get(0).getWidth());
        double second = fx(() -> table.getColumns().get(1).getWidth());
        var text = new javafx.scene.text.Text("NF4 + dupla quantização");
        assertTrue(first > text.getLayoutBounds().getWidth(), "column " + first + " px for a text of " + text.getLayoutBounds().getWidth());
        assertTrue(second > new javafx.scene.text.Text("-1.234567").getLayoutBounds().getWidth());
        // No empty stretch: as wide as the columns (the page is 900 px), a few rows tall.
        assertTrue(fx(table::getWidth) < first + second + 30, "table " + fx(table::getWidth));
        assertTrue(fx(table::getHeight) < 200, "table " + fx(table::getHeight));
        // And the placeholder speaks the app's language, not JavaFX's "No content in table".
        assertTrue(table.getPlaceholder() instanceof Label l && !l.getText().contains("No content"));
    }

    @Test
    void aFittedTableWrapsAVeryLongTextColumnAndGrowsWithPresenterScale() throws Exception {
        var table = new TableView<Row>();
        table.getColumns().add(column("n", Row::name));
        table.getColumns().add(column("texto", Row::value));
        FittedTable.fit(table);
        table.setItems(FXCollections.observableArrayList(new Row("1", "palavra ".repeat(60))));
        show(new VBox(table));
        double capped = fx(() -> table.getColumns().get(1).getWidth());
        assertTrue(capped < 40 * javafx.scene.text.Font.getDefault().getSize(), "capped at " + capped);
        assertTrue(fx(() -> (Object) table.getColumns().get(1).getCellFactory()) != (Object) TableColumn.DEFAULT_CELL_FACTORY, "wrapping cell");
        double narrow = fx(() -> table.getColumns().get(0).getWidth());
        fx(() -> {
            Appearance.app().fontScaleProperty().set(1.5);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> table.getColumns().get(0).getPrefWidth()) > narrow * 1.3, "column grew with the font");
    }

    @Test
    void numberColumnsAreRightAlignedAndEveryCellIsRedrawnInTheNewLanguage() throws Exception {
        var table = new TableView<Double>();
        var name = new TableColumn<Double, String>("formato");
        name.setCellValueFactory(d -> new SimpleStringProperty(d.getValue() < 1 ? "NF4" : "FP32"));
        var ratio = new TableColumn<Double, String>("redução");
        // Formatted when drawn, as the pages do: the language of the moment decides the separator.
        ratio.setCellValueFactory(d -> new SimpleStringProperty(I18n.display("%.2f×", d.getValue())));
        table.getColumns().add(name);
        table.getColumns().add(ratio);
        FittedTable.fit(table);
        table.setItems(FXCollections.observableArrayList(0.5, 7.25));
        try {
            show(new VBox(table));
            assertTrue(ratio.getStyleClass().contains(FittedTable.NUMERIC), "a column of numbers is marked numeric");
            assertFalse(name.getStyleClass().contains(FittedTable.NUMERIC));
            assertTrue(cellTexts(table).contains("7,25×"), cellTexts(table).toString());
            var cell = fx(() -> table.lookupAll(".table-cell").stream().filter(n -> n instanceof javafx.scene.control.Labeled l
                    && "7,25×".equals(l.getText())).map(n -> (javafx.scene.control.Labeled) n).findFirst().orElseThrow());
            assertEquals(javafx.geometry.Pos.CENTER_RIGHT, fx(cell::getAlignment));
            fx(() -> {
                I18n.app().setLocale(I18n.ENGLISH);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            fx(() -> {
                table.applyCss();
                table.layout();
                return null;
            });
            assertTrue(cellTexts(table).contains("7.25×"), "redrawn after the switch: " + cellTexts(table));
        } finally {
            fx(() -> {
                I18n.app().setLocale(I18n.PT_BR);
                return null;
            });
        }
        assertTrue(FittedTable.looksNumeric("−0,35") && FittedTable.looksNumeric("12,7 MiB") && FittedTable.looksNumeric("1.024"));
        assertFalse(FittedTable.looksNumeric("NF4") || FittedTable.looksNumeric("—") || FittedTable.looksNumeric(""));
    }

    private static List<String> cellTexts(TableView<?> table) throws Exception {
        return fx(() -> table.lookupAll(".table-cell").stream().filter(n -> n instanceof javafx.scene.control.Labeled)
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).filter(t -> t != null).toList());
    }

    @Test
    void aGridTableRightAlignsItsNumbersAsTheirTextChanges() throws Exception {
        var grid = new javafx.scene.layout.GridPane();
        var head = new Label("bits");
        var word = new Label("NF4");
        var number = new Label("4,127");
        grid.add(head, 0, 0);
        grid.add(word, 0, 1);
        grid.add(number, 1, 1);
        GridTable.keepCellsWhole(grid);
        assertEquals(javafx.geometry.HPos.RIGHT, javafx.scene.layout.GridPane.getHalignment(number));
        assertEquals(null, javafx.scene.layout.GridPane.getHalignment(word));
        word.setText("12.5");
        assertEquals(javafx.geometry.HPos.RIGHT, javafx.scene.layout.GridPane.getHalignment(word));
    }

    @Test
    void aGridTableHeaderSitsOverItsColumnRightAlignedAboveNumbers() throws Exception {
        var grid = new javafx.scene.layout.GridPane();
        GridTable.keepCellsWhole(grid);
        GridTable.startWithHeader(grid, "formato|MiB|nota");
        grid.add(new Label("NF4"), 0, 1);
        grid.add(new Label("12,7"), 1, 1);
        grid.add(new Label("ok"), 2, 1);
        var secondSize = new Label("—");
        grid.add(new Label("FP32"), 0, 2);
        grid.add(secondSize, 1, 2);
        grid.add(new Label("3,1"), 2, 2);
        var heads = grid.getChildren().filtered(n -> javafx.scene.layout.GridPane.getRowIndex(n) == 0);
        assertEquals(null, javafx.scene.layout.GridPane.getHalignment(heads.get(0)), "a column of words");
        assertEquals(javafx.geometry.HPos.RIGHT, javafx.scene.layout.GridPane.getHalignment(heads.get(1)), "numbers and a dash");
        assertEquals(null, javafx.scene.layout.GridPane.getHalignment(heads.get(2)), "a word among the numbers");
        // A new result (or a language switch) rewrites the values: the title follows them.
        secondSize.setText("n/d");
        assertEquals(null, javafx.scene.layout.GridPane.getHalignment(heads.get(1)));
    }

    @Test
    void aMatrixTheStudentTypedIsWrittenWithTheNewDecimalSeparatorWhenItReadsAsNumbers() throws Exception {
        fx(() -> {
            I18n.app().setLocale(I18n.PT_BR);
            try {
                var field = new br.lncc.llm.ui.lessons.MatrixField("X", -1, -1);
                var seen = new ArrayList<double[][]>();
                field.setOnValid(seen::add);
                field.area().setText("0,5  1\n2  0,25");
                I18n.app().setLocale(I18n.ENGLISH);
                assertEquals("0.5  1\n2  0.25", field.area().getText());
                I18n.app().setLocale(I18n.PT_BR);
                assertEquals("0,5  1\n2  0,25", field.area().getText());
                assertEquals(1, seen.size(), "the same numbers are not a new input");
                // Python's form pasted in pt-BR: its numbers take the comma, its values stay.
                field.area().setText("[[0.5, 1], [2, 0.25]]");
                I18n.app().setLocale(I18n.ENGLISH);
                assertEquals("[[0.5, 1], [2, 0.25]]", field.area().getText(), "already in English");
                I18n.app().setLocale(I18n.PT_BR);
                assertEquals("0,5  1\n2  0,25", field.area().getText());
                // A typo or integers stay exactly as typed.
                field.area().setText("0,5  1\n2  x,5");
                I18n.app().setLocale(I18n.ENGLISH);
                assertEquals("0,5  1\n2  x,5", field.area().getText());
                field.area().setText("[[1,2],[3,4]]");
                I18n.app().setLocale(I18n.PT_BR);
                assertEquals("[[1,2],[3,4]]", field.area().getText());
            } finally {
                I18n.app().setLocale(I18n.PT_BR);
            }
            return null;
        });
    }

    @Test
    void aShownResultTextIsWrittenAgainInTheNewLanguage() {
        var i18n = new I18n(I18n.PT_BR);
        var label = new Label();
        double loss = 11.3704;
        i18n.show(label.textProperty(), () -> i18n.get("table.empty") + " " + String.format(i18n.getLocale(), "%.2f", loss));
        String portuguese = label.getText();
        i18n.setLocale(I18n.ENGLISH);
        assertTrue(label.getText().endsWith("11.37") && portuguese.endsWith("11,37"), portuguese + " / " + label.getText());
        assertFalse(label.getText().startsWith(portuguese.substring(0, 4)), "the words switch too: " + label.getText());
        i18n.show(label.textProperty(), () -> "");
        assertEquals("", label.getText());
    }

    @Test
    void anEmptyChartSaysWhatWillAppearAndShowsItsAxesOnceThereIsData() throws Exception {
        var chart = new LineChart<Number, Number>(new NumberAxis(), new NumberAxis());
        var run = new Button("Treinar");
        var stack = EmptyChart.afterClicking(chart, I18n.app(), run);
        show(stack);
        var message = (Label) stack.getChildren().get(1);
        assertFalse(chart.isVisible());
        assertTrue(message.isVisible() && message.getText().contains("Treinar"), message.getText());
        fx(() -> {
            var s = new XYChart.Series<Number, Number>();
            s.getData().add(new XYChart.Data<>(0, 1));
            chart.getData().add(s);
            return null;
        });
        assertTrue(chart.isVisible());
        assertFalse(message.isVisible());
    }

    @Test
    void aCountedAxisTicksOnlyAtWholeNumbers() throws Exception {
        var x = new NumberAxis();
        var chart = new LineChart<Number, Number>(x, new NumberAxis());
        DiscreteAxis.follow(chart, x, true);
        fx(() -> {
            var s = new XYChart.Series<Number, Number>();
            for (int i = 0; i <= 3; i++) s.getData().add(new XYChart.Data<>(i, i * i));
            chart.getData().add(s);
            return null;
        });
        assertEquals(1.0, x.getTickUnit());
        assertEquals(0.0, x.getLowerBound());
        assertEquals(3.0, x.getUpperBound());
        assertEquals("", x.getTickLabelFormatter().toString(0.25));
        assertEquals("2", x.getTickLabelFormatter().toString(2.0));
        assertEquals(1, DiscreteAxis.wholeUnit(0.3));
        assertEquals(5, DiscreteAxis.wholeUnit(4.1));
        assertEquals(50, DiscreteAxis.wholeUnit(21));
    }

    @Test
    void aHeatmapWithoutDataSaysWhatWillAppearUntilItHasSome() throws Exception {
        var map = new HeatmapView();
        map.emptyTextProperty().set("Clique em Analisar para ver a atenção.");
        map.setPrefSize(500, 400);
        show(new StackPane(map));
        var empty = (Label) fx(() -> map.lookup(".chart-empty"));
        assertTrue(fx(empty::isVisible), "an empty map explains itself");
        assertTrue(fx(empty::getWidth) > 100 && fx(empty::getHeight) > 0);
        fx(() -> {
            map.setData(new double[][] {{1, 0}, {0, 1}}, List.of("a", "b"), List.of("a", "b"));
            map.layout();
            return null;
        });
        assertFalse(fx(empty::isVisible), "the data replaces the message");
    }

    @Test
    void heatmapLabelsOfALongTextAreThinnedSoNoneOverlaps() throws Exception {
        int n = 60;
        double[][] m = new double[n][n];
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add("token" + i);
            m[i][i] = 1;
        }
        var map = new HeatmapView();
        map.setData(m, tokens, tokens);
        map.setPrefSize(500, 500);
        map.setMaxSize(500, 500);
        show(new StackPane(map));
        double em = map.labelFontSize();
        assertTrue(map.rowLabelStep() > 1, "60 rows in 500 px must be thinned");
        assertTrue(map.rowLabelStep() * map.cellSize() >= em, map.rowLabelStep() + " × " + map.cellSize() + " < " + em);
        assertTrue(map.columnLabelStep() * map.cellSize() * Math.sin(Math.PI / 4) >= em);
        assertEquals(1, HeatmapView.labelStep(40, 12));
    }

    @Test
    void presenterSizesGrowWithTheFontScale() throws Exception {
        var region = new StackPane();
        PresenterSize.pref(region, 400, 300);
        fx(() -> {
            Appearance.app().fontScaleProperty().set(1.5);
            return null;
        });
        assertEquals(600, region.getPrefWidth(), 1e-9);
        assertEquals(450, region.getPrefHeight(), 1e-9);
    }
}
