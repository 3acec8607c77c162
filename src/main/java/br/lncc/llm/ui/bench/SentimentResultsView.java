package br.lncc.llm.ui.bench;

import br.lncc.llm.bench.sentiment.SampleResult;
import br.lncc.llm.bench.sentiment.SampleTable;
import br.lncc.llm.bench.sentiment.SentimentMetrics;
import br.lncc.llm.bench.sentiment.SentimentReport;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.widget.ChartExport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Results of a sentiment run: the notebook's metrics, the McNemar 2×2 table with both tests, and
 * every review with its two predictions, filterable to the disagreements (the b and c cells).
 */
final class SentimentResultsView extends VBox {
    private final PageContext ctx;
    private final I18n i18n;
    private final GridPane metrics = new GridPane();
    private final GridPane table2x2 = new GridPane();
    private final TableView<SampleResult> samples = new TableView<>();
    private final CheckBox onlyDiscordant = new CheckBox();
    private final Label empty = new Label();
    private FilteredList<SampleResult> filtered = new FilteredList<>(FXCollections.observableArrayList());
    private SentimentReport report;

    SentimentResultsView(PageContext ctx) {
        super(8);
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("sentiment-results");
        empty.textProperty().bind(i18n.text("bench.sentiment.noResults"));
        empty.setWrapText(true);
        metrics.setHgap(16);
        metrics.setVgap(4);
        table2x2.setId("mcnemar-table");
        table2x2.getStyleClass().add("mcnemar-table");
        table2x2.setHgap(1);
        table2x2.setVgap(1);
        ChartExport.installMenu(table2x2, null, () -> "mcnemar", i18n, ctx.status());
        onlyDiscordant.setId("only-discordant");
        onlyDiscordant.textProperty().bind(i18n.text("bench.sentiment.onlyDiscordant"));
        onlyDiscordant.selectedProperty().addListener((o, a, b) -> applyFilter());
        samples.setId("sentiment-samples");
        samples.setPlaceholder(Forms.label(i18n, "bench.empty"));
        br.lncc.llm.ui.widget.FittedTable.fit(samples);
        samples.getColumns().addAll(List.of(
                col("bench.col.index", s -> String.valueOf(s.index())),
                col("bench.col.label", SampleResult::label),
                col("bench.col.predNormal", SampleResult::predictionNormal),
                col("bench.col.predRepeated", SampleResult::predictionRepeated),
                col("bench.col.okNormal", s -> s.correctNormal() ? "✓" : "✗"),
                col("bench.col.okRepeated", s -> s.correctRepeated() ? "✓" : "✗"),
                col("bench.col.tokens", s -> s.tokensNormal() + " / " + s.tokensRepeated() + (s.truncated() ? " ✂" : "")),
                col("bench.col.text", s -> s.text().length() > 140 ? s.text().substring(0, 140) + "…" : s.text())));
        var csv = new Button();
        csv.textProperty().bind(i18n.text("export.csv"));
        csv.setOnAction(e -> {
            if (report == null) return;
            Forms.saveDialog(ctx.owner(), i18n, "sentiment-samples.csv", "CSV", "*.csv").ifPresent(f -> save(f, SampleTable.csv(report.samples())));
        });
        var json = new Button();
        json.textProperty().bind(i18n.text("bench.exportJson"));
        json.setOnAction(e -> {
            if (report == null) return;
            Forms.saveDialog(ctx.owner(), i18n, "sentiment-report.json", "JSON", "*.json").ifPresent(f -> {
                try {
                    save(f, new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                            .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
                } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                    ctx.status().accept(ex.getMessage());
                }
            });
        });
        var pngHint = new Label();
        pngHint.textProperty().bind(i18n.text("bench.pngHintTable"));
        var tableTitle = Forms.label(i18n, "bench.sentiment.mcnemarTitle");
        tableTitle.getStyleClass().add("page-heading");
        var samplesTitle = Forms.label(i18n, "bench.sentiment.samplesTitle");
        samplesTitle.getStyleClass().add("page-heading");
        // side by side when there is room; the 2×2 table moves below the metrics on a narrow page or at 1.5×
        var top = new javafx.scene.layout.FlowPane(24, 12, metrics, new VBox(6, tableTitle, table2x2));
        getChildren().addAll(empty, top, samplesTitle, onlyDiscordant, samples, Forms.flow(csv, json, pngHint));
        show(null);
    }

    SentimentReport report() {
        return report;
    }

    List<SampleResult> visibleSamples() {
        return List.copyOf(samples.getItems());
    }

    void setOnlyDiscordant(boolean on) {
        onlyDiscordant.setSelected(on);
    }

    void show(SentimentReport r) {
        report = r;
        boolean any = r != null && r.metrics().n() > 0;
        empty.setVisible(!any);
        empty.setManaged(!any);
        metrics.getChildren().clear();
        table2x2.getChildren().clear();
        filtered = new FilteredList<>(FXCollections.observableArrayList(r == null ? List.of() : r.samples()));
        applyFilter();
        samples.setItems(filtered);
        if (!any) return;
        SentimentMetrics m = r.metrics();
        int row = 0;
        metric(row++, "bench.sentiment.model", r.model() + (r.complete() ? "" : " (" + i18n.get("bench.partial") + ")"));
        metric(row++, "bench.sentiment.dataset", r.dataset() + (r.dataset().equals("demo") ? " — " + i18n.get("bench.sentiment.demoShort") : ""));
        metric(row++, "bench.m.n", String.valueOf(m.n()));
        metric(row++, "bench.m.accNormal", Forms.number(m.accuracyNormal()));
        metric(row++, "bench.m.accRepeated", Forms.number(m.accuracyRepeated()));
        metric(row++, "bench.m.deltaAcc", Forms.number(m.deltaAccuracy()));
        metric(row++, "bench.m.latNormal", Forms.number(m.meanLatencyNormalS()));
        metric(row++, "bench.m.latRepeated", Forms.number(m.meanLatencyRepeatedS()));
        metric(row++, "bench.m.tokNormal", Forms.number(m.meanTokensNormal()));
        metric(row++, "bench.m.tokRepeated", Forms.number(m.meanTokensRepeated()));
        metric(row++, "bench.m.gain", Forms.number(m.efficiencyGain()));
        metric(row++, "bench.m.chi2", Forms.number(m.mcnemarStatistic()) + "  (p = " + Forms.number(m.mcnemarPvalue()) + ")");
        metric(row++, "bench.m.exact", "p = " + Forms.number(m.mcnemarExactPvalue()));

        cell(0, 0, "", false);
        cell(1, 0, i18n.get("bench.t.repRight"), true);
        cell(2, 0, i18n.get("bench.t.repWrong"), true);
        cell(0, 1, i18n.get("bench.t.normRight"), true);
        cell(1, 1, "a = " + m.a(), false);
        cell(2, 1, "b = " + m.b(), false);
        cell(0, 2, i18n.get("bench.t.normWrong"), true);
        cell(1, 2, "c = " + m.c(), false);
        cell(2, 2, "d = " + m.d(), false);
    }

    private void applyFilter() {
        boolean only = onlyDiscordant.isSelected();
        filtered.setPredicate(s -> !only || s.discordant());
    }

    private void metric(int row, String key, String value) {
        var k = Forms.label(i18n, key);
        k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        metrics.add(k, 0, row);
        var v = new Label(value);
        v.getStyleClass().add("metric-value");
        v.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        metrics.add(v, 1, row);
    }

    private void cell(int col, int row, String text, boolean header) {
        var l = new Label(text);
        l.setMinSize(118, 34);
        l.setAlignment(Pos.CENTER);
        l.getStyleClass().add(header ? "mcnemar-header" : "mcnemar-cell");
        table2x2.add(l, col, row);
    }

    private void save(java.nio.file.Path f, String text) {
        try {
            Forms.writeText(f, text);
            ctx.status().accept(i18n.get("export.saved", f));
        } catch (java.io.IOException ex) {
            ctx.status().accept(i18n.get("export.failed", f) + ": " + ex.getMessage());
        }
    }

    private TableColumn<SampleResult, String> col(String key, Function<SampleResult, String> value) {
        var c = new TableColumn<SampleResult, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }
}
