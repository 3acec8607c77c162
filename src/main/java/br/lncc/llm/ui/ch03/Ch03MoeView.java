package br.lncc.llm.ui.ch03;

import br.lncc.llm.lesson.MatrixText;
import br.lncc.llm.lesson.ch03.MixtureOfExperts;
import br.lncc.llm.lesson.ch03.MoeRouting;
import br.lncc.llm.lesson.ch03.NotebookN1Weights;
import br.lncc.llm.lesson.ch03.Rope;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.MatrixCard;
import br.lncc.llm.ui.lessons.NumberTable;
import br.lncc.llm.ui.lessons.PageLayout;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.CsvTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 3.8: the dense FFN beside a 4-expert MoE on the toy X, with the notebook's seeded weights;
 * softmax gate, top-k routing (k = 1 with the raw weight as N1.21, or renormalised k = 1, 2),
 * expert per token, load chart, Σ load = k·T, the balance loss of 3.8.6 and total vs active
 * parameters.
 */
public final class Ch03MoeView {
    /** Routing modes offered, in menu order. */
    enum Mode { TOP1_RAW, TOP1_RENORMALISED, TOP2_RENORMALISED }

    private final I18n i18n;
    private final PageLayout layout;
    private final ObjectProperty<MoeRouting> routing = new SimpleObjectProperty<>();
    private final ComboBox<Mode> mode = new ComboBox<>();
    private final Spinner<Integer> seed = new Spinner<>(0, 1_000_000, 0);
    private final CheckBox cpuOnly = new CheckBox();
    private final MatrixCard dense = new MatrixCard();
    private final MatrixCard moe = new MatrixCard();
    private final NumberTable perToken = new NumberTable();
    private final BarChart<String, Number> load = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label conservation = new Label();
    private final Label balance = new Label();
    private final Label params = new Label();

    public Ch03MoeView(PageContext ctx) {
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.moe.title", "lessons.moe.intro");
        mode.getItems().setAll(Mode.values());
        mode.getSelectionModel().select(Mode.TOP1_RAW);
        mode.setId("moe-mode");
        mode.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Mode m) {
                return m == null ? "" : i18n.get("lessons.moe.mode." + m.name());
            }

            @Override
            public Mode fromString(String s) {
                return null;
            }
        });
        seed.setEditable(true);
        seed.setPrefWidth(110);
        seed.setId("moe-seed");
        cpuOnly.textProperty().bind(i18n.text("lessons.moe.cpuOnly"));
        cpuOnly.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        layout.add(new javafx.scene.layout.FlowPane(20, 8, new VBox(4, label("lessons.moe.routing"), mode),
                new VBox(4, label("lessons.ffn.seed"), seed), new VBox(4, new Label(" "), cpuOnly)));
        layout.add(layout.paragraph("lessons.moe.seedNote"));
        layout.heading("lessons.moe.outputsHeading");
        layout.add(new HBox(20, dense, moe));
        layout.add(br.lncc.llm.ui.widget.SideScroll.of(perToken));
        layout.heading("lessons.moe.loadHeading");
        load.setId("moe-load");
        load.setAnimated(false);
        load.setLegendVisible(false);
        load.getStyleClass().add("em-chart");
        load.getXAxis().setLabel("expert");
        load.getYAxis().setLabel("tokens");
        load.titleProperty().bind(i18n.text("lessons.moe.loadTitle"));
        // Tokens routed to an expert are counted: whole ticks only.
        br.lncc.llm.ui.widget.DiscreteAxis.follow(load, (javafx.scene.chart.NumberAxis) load.getYAxis(), false);
        ChartExport.installMenu(load, this::loadCsv, () -> "moe-load", i18n, ctx.status());
        conservation.setId("moe-conservation");
        for (Label l : List.of(conservation, balance, params)) {
            l.setWrapText(true);
            l.setMaxWidth(560);
        }
        conservation.getStyleClass().add("big-number");
        layout.add(new javafx.scene.layout.FlowPane(20, 12, load, new VBox(10, conservation, balance, params)));
        layout.add(layout.note("lessons.moe.noteTopK"));
        layout.add(layout.note("lessons.moe.noteBalance"));
        mode.valueProperty().addListener((o, a, b) -> recompute());
        seed.valueProperty().addListener((o, a, b) -> recompute());
        cpuOnly.selectedProperty().addListener((o, a, b) -> recompute());
        routing.addListener((o, a, b) -> draw(b));
        i18n.localeProperty().addListener((o, a, b) -> recompute());
        recompute();
    }

    public Node root() {
        return layout.root();
    }

    public ObjectProperty<MoeRouting> routingProperty() {
        return routing;
    }

    ComboBox<Mode> modeBox() {
        return mode;
    }

    private NotebookN1Weights weights;

    private void recompute() {
        weights = NotebookN1Weights.draw(seed.getValue(), cpuOnly.isSelected());
        var moeModel = MixtureOfExperts.of(weights);
        Mode m = mode.getValue();
        routing.set(switch (m) {
            case TOP1_RAW -> moeModel.route(Rope.toyX(), 1, false);
            case TOP1_RENORMALISED -> moeModel.route(Rope.toyX(), 1, true);
            case TOP2_RENORMALISED -> moeModel.route(Rope.toyX(), 2, true);
        });
    }

    private void draw(MoeRouting r) {
        List<String> tokens = Rope.TOY_TOKENS;
        dense.setCaption(i18n.get("lessons.moe.dense"));
        dense.setMatrix(weights.dense().apply(Rope.toyX()), tokens, null, 4);
        moe.setCaption(i18n.get("lessons.moe.moe", r.k()));
        moe.setMatrix(r.output(), tokens, null, 4);
        perToken.setHeader(List.of("token", "p(expert 0…3)", i18n.get("lessons.moe.chosen"), "g_e"));
        var rows = new ArrayList<List<Object>>();
        for (int t = 0; t < r.tokenCount(); t++) {
            rows.add(List.of(tokens.get(t), MatrixText.formatRow(r.gateProbabilities()[t], 4, i18n.getLocale()),
                    Arrays.toString(r.chosen()[t]), MatrixText.formatRow(r.weights()[t], 4, i18n.getLocale())));
        }
        perToken.setRows(rows);
        var series = new XYChart.Series<String, Number>();
        for (int e = 0; e < r.expertCount(); e++) series.getData().add(new XYChart.Data<>(Integer.toString(e), r.load()[e]));
        load.getData().setAll(List.of(series));
        conservation.setText(i18n.get("lessons.moe.conservation", Arrays.toString(r.load()), r.loadSum(), r.k(),
                r.tokenCount()));
        balance.setText(i18n.get("lessons.moe.balance", br.lncc.llm.ui.I18n.display("%.4f", r.balanceLoss())));
        params.setText(i18n.get("lessons.moe.params", r.parametersPerExpert(), r.expertCount(), r.totalParameters(),
                r.k(), r.activeParameters(), r.gateParameters(), weights.dense().parameterCount()));
    }

    private CsvTable loadCsv() {
        var r = routing.get();
        var rows = new ArrayList<List<Object>>();
        for (int e = 0; e < r.expertCount(); e++) rows.add(List.of(e, r.load()[e]));
        return new CsvTable(List.of("expert", "tokens"), rows);
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }
}
