package br.lncc.llm.ui.ch04;

import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.CsvTable;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Cap. 4.11 / N2.10: generation time with and without the KV cache — one warm-up, then the mean
 * of 3 runs, as the notebook measures — and the latency of every token, where the cost of not
 * caching shows up as a line that climbs with the position.
 */
public final class KvCacheView extends VBox {
    static final String PROMPT = "Large language models rely on attention mechanisms";

    private final I18n i18n;
    private final TextField prompt = new TextField(PROMPT);
    private final Spinner<Integer> tokens = new Spinner<>(16, 1000, 120, 16);
    private final Spinner<Integer> runs = new Spinner<>(1, 10, 3);
    private final Label result = new Label();
    private final LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis());
    private GenerationLab.CacheTiming last;

    public KvCacheView(PageContext ctx) {
        this.i18n = ctx.i18n();
        setSpacing(8);
        setPadding(new Insets(8));
        var explain = new Label();
        explain.textProperty().bind(i18n.text("gen.cache.explain"));
        explain.setWrapText(true);
        explain.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        tokens.setEditable(true);
        runs.setEditable(true);
        var run = new Button();
        run.textProperty().bind(i18n.text("gen.cache.run"));
        run.setOnAction(e -> {
            GenerationLab lab = LabModel.shared().get();
            if (lab == null) {
                i18n.show(result.textProperty(), () -> i18n.get("gen.model.none"));
                return;
            }
            String text = prompt.getText();
            int n = tokens.getValue();
            int r = runs.getValue();
            run.setDisable(true);
            ctx.tasks().run(i18n.get("gen.cache.run"), sink -> lab.timeCache(text, n, r, sink), this::show,
                    () -> run.setDisable(false));
        });
        HBox.setHgrow(prompt, Priority.ALWAYS);
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        prompt.setMinWidth(120);
        // The prompt gets a line of its own: beside the spinners and the button it was squeezed to
        // "Large langu" at presenter scale. The settings flow onto a second line when they must.
        var promptRow = new HBox(8, label("gen.prompt"), prompt);
        promptRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        var settings = new javafx.scene.layout.FlowPane(8, 6, label("gen.maxTokens"), tokens, label("gen.cache.runs"), runs, run);
        settings.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        var row = new VBox(6, promptRow, settings);
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.getStyleClass().add("em-chart");
        chart.getXAxis().labelProperty().bind(i18n.text("gen.cache.axis.position"));
        chart.getYAxis().labelProperty().bind(i18n.text("gen.cache.axis.ms"));
        ChartExport.installMenu(chart, this::csv, () -> "kv-cache-latencia", i18n, ctx.status());
        result.setWrapText(true);
        result.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        result.getStyleClass().add("page-heading");
        // Token positions are counted: no "token 0.25".
        br.lncc.llm.ui.widget.DiscreteAxis.follow(chart, (NumberAxis) chart.getXAxis(), true);
        var chartBox = br.lncc.llm.ui.widget.EmptyChart.afterClicking(chart, i18n, run);
        getChildren().addAll(explain, row, result, chartBox);
        VBox.setVgrow(chartBox, Priority.ALWAYS);
        // The legend names the two curves in the language of the moment.
        i18n.localeProperty().addListener((o, a, b) -> {
            if (last != null) show(last);
        });
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    void show(GenerationLab.CacheTiming t) {
        last = t;
        i18n.show(result.textProperty(), () -> i18n.get("gen.cache.result", br.lncc.llm.ui.I18n.display("%.4f", t.meanSecondsCache()),
                br.lncc.llm.ui.I18n.display("%.4f", t.meanSecondsNoCache()), br.lncc.llm.ui.I18n.display("%.2f", t.speedup())));
        chart.getData().setAll(List.of(series(i18n.get("gen.cache.with"), t.msPerTokenCache()),
                series(i18n.get("gen.cache.without"), t.msPerTokenNoCache())));
    }

    private static XYChart.Series<Number, Number> series(String name, double[] ms) {
        var s = new XYChart.Series<Number, Number>();
        s.setName(name);
        for (int i = 0; i < ms.length; i++) s.getData().add(new XYChart.Data<>(i + 2, ms[i]));
        return s;
    }

    private CsvTable csv() {
        List<List<Object>> rows = new ArrayList<>();
        if (last != null) {
            for (int i = 0; i < last.msPerTokenCache().length; i++) {
                rows.add(List.of(i + 2, last.msPerTokenCache()[i], last.msPerTokenNoCache()[i]));
            }
        }
        return new CsvTable(List.of("token", "ms_com_cache", "ms_sem_cache"), rows);
    }

    public String resultText() {
        return result.getText();
    }
}
