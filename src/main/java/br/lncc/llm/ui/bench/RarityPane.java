package br.lncc.llm.ui.bench;

import br.lncc.llm.bench.rarity.ModelSpec;
import br.lncc.llm.bench.rarity.RaritySelection;
import br.lncc.llm.bench.rarity.RarityTable;
import br.lncc.llm.bench.rarity.SizeCategory;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The editable model table of seed 002 and what it yields: every model's four weights and
 * rarity score, and the selection per size category with the mandatory baselines marked.
 */
final class RarityPane extends ScrollPane {

    /** One editable row; cells stay text until Calculate parses them (errors name the row). */
    static final class Row {
        final StringProperty family = new SimpleStringProperty(), size = new SimpleStringProperty(),
                version = new SimpleStringProperty(), attention = new SimpleStringProperty(),
                activation = new SimpleStringProperty(), norm = new SimpleStringProperty(), context = new SimpleStringProperty();

        static Row of(ModelSpec m) {
            var r = new Row();
            r.family.set(m.family());
            r.size.set(m.sizeB() == Math.rint(m.sizeB()) ? String.valueOf((long) m.sizeB()) : String.valueOf(m.sizeB()));
            r.version.set(m.version());
            r.attention.set(m.attention());
            r.activation.set(m.activation());
            r.norm.set(m.norm());
            r.context.set(ModelSpec.formatContext(m.contextTokens()));
            return r;
        }

        String csv() {
            return String.join(",", family.get(), size.get(), version.get(), attention.get(), activation.get(), norm.get(), context.get());
        }
    }

    /** One line of the result table. */
    record Result(String category, int rank, String model, double attention, double activation, double norm,
                  double context, double score, boolean baseline) {}

    private final PageContext ctx;
    private final I18n i18n;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final TableView<Row> table = new TableView<>(rows);
    private final TableView<Result> results = new TableView<>();
    private final Spinner<Integer> topN = new Spinner<>(1, 50, 5);
    private final Label message = new Label();

    RarityPane(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("rarity-pane");
        setFitToWidth(true);
        table.setId("rarity-table");
        table.setEditable(true);
        table.getColumns().addAll(List.of(
                edit("bench.r.family", r -> r.family), edit("bench.r.size", r -> r.size), edit("bench.r.version", r -> r.version),
                edit("bench.r.attention", r -> r.attention), edit("bench.r.activation", r -> r.activation),
                edit("bench.r.norm", r -> r.norm), edit("bench.r.context", r -> r.context)));
        try (var in = getClass().getResourceAsStream("/assets/bench/rarity-models.csv")) {
            var lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            RarityTable.parse(lines, "rarity-models.csv").forEach(m -> rows.add(Row.of(m)));
        } catch (IOException | RuntimeException e) {
            i18n.show(message.textProperty(), () -> i18n.error(e));
        }
        var add = button("bench.r.add", () -> {
            var r = new Row();
            for (var p : List.of(r.family, r.size, r.version, r.attention, r.activation, r.norm, r.context)) p.set("");
            rows.add(r);
            table.getSelectionModel().select(r);
        });
        var remove = button("bench.r.remove", () -> rows.removeAll(List.copyOf(table.getSelectionModel().getSelectedItems())));
        var load = button("bench.r.load", this::load);
        var save = button("bench.r.save", this::save);
        var calc = button("bench.r.calculate", this::calculate);
        calc.setId("rarity-calculate");
        topN.setEditable(true);
        topN.setPrefWidth(80);

        results.setId("rarity-results");
        results.getColumns().addAll(List.of(
                res("bench.r.category", Result::category), res("bench.r.rank", x -> String.valueOf(x.rank())),
                res("bench.col.model", Result::model), res("bench.r.wAttention", x -> Forms.number(x.attention())),
                res("bench.r.wActivation", x -> Forms.number(x.activation())), res("bench.r.wNorm", x -> Forms.number(x.norm())),
                res("bench.r.wContext", x -> Forms.number(x.context())), res("bench.r.score", x -> br.lncc.llm.ui.I18n.display("%.2f", x.score())),
                res("bench.r.baseline", x -> x.baseline() ? i18n.get("bench.r.baselineYes") : "")));
        message.setWrapText(true);
        message.setId("rarity-message");
        var explain = new Label();
        explain.setWrapText(true);
        explain.textProperty().bind(i18n.text("bench.rarity.explain"));
        var box = new VBox(10, explain, table, Forms.flow(add, remove, load, save), Forms.flow(Forms.label(i18n, "bench.r.top"), topN, calc),
                message, results);
        box.setPadding(new Insets(12));
        setContent(box);
        table.setPlaceholder(Forms.label(i18n, "bench.empty"));
        br.lncc.llm.ui.widget.FittedTable.fit(table);
        br.lncc.llm.ui.widget.FittedTable.fit(results);
        results.setPlaceholder(Forms.label(i18n, "bench.empty"));
        calculate();
    }

    void calculate() {
        List<ModelSpec> models = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add(RarityTable.HEADER);
        rows.forEach(r -> lines.add(r.csv()));
        try {
            models = RarityTable.parse(lines, i18n.get("bench.r.tableName"));
        } catch (IllegalArgumentException e) {
            i18n.show(message.textProperty(), () -> i18n.error(e));
            results.getItems().clear();
            return;
        }
        List<Result> out = new ArrayList<>();
        for (var c : RaritySelection.select(models, List.of(SizeCategory.SMALL, SizeCategory.LARGE), topN.getValue(), RaritySelection.SEED_BASELINES)) {
            for (var p : c.picks()) {
                var s = p.score();
                out.add(new Result(c.category().label(), p.rank(), s.model().name(), s.attentionWeight(), s.activationWeight(),
                        s.normWeight(), s.contextWeightNormalized(), s.score(), p.baseline()));
            }
        }
        int count = models.size(), latest = br.lncc.llm.bench.rarity.RarityScorer.latestVersions(models).size();
        i18n.show(message.textProperty(), () -> i18n.get("bench.r.summary", count, latest));
        results.setItems(FXCollections.observableArrayList(out));
    }

    List<Result> results() {
        return List.copyOf(results.getItems());
    }

    ObservableList<Row> rows() {
        return rows;
    }

    private void load() {
        var chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        var f = chooser.showOpenDialog(ctx.owner());
        if (f == null) return;
        try {
            var models = RarityTable.read(f.toPath());
            rows.setAll(models.stream().map(Row::of).toList());
            i18n.show(message.textProperty(), () -> "");
        } catch (RuntimeException e) {
            i18n.show(message.textProperty(), () -> i18n.error(e));
        }
    }

    private void save() {
        Forms.saveDialog(ctx.owner(), i18n, "rarity-models.csv", "CSV", "*.csv").ifPresent(f -> {
            StringBuilder sb = new StringBuilder(RarityTable.HEADER).append('\n');
            rows.forEach(r -> sb.append(r.csv()).append('\n'));
            try {
                Forms.writeText(f, sb.toString());
                ctx.status().accept(i18n.get("export.saved", f));
            } catch (IOException e) {
                i18n.show(message.textProperty(), () -> i18n.get("export.failed", f) + ": " + e.getMessage());
            }
        });
    }

    private Button button(String key, Runnable action) {
        var b = new Button();
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(e -> action.run());
        return b;
    }

    private TableColumn<Row, String> edit(String key, Function<Row, StringProperty> prop) {
        var c = new TableColumn<Row, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> prop.apply(d.getValue()));
        c.setCellFactory(TextFieldTableCell.forTableColumn());
        c.setOnEditCommit(e -> prop.apply(e.getRowValue()).set(e.getNewValue()));
        c.setPrefWidth(110);
        return c;
    }

    private TableColumn<Result, String> res(String key, Function<Result, String> value) {
        var c = new TableColumn<Result, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }
}
