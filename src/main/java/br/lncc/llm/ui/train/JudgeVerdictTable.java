package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch08.JudgeFragility.Order;
import br.lncc.llm.lesson.ch08.JudgeFragility.Pair;
import br.lncc.llm.lesson.ch08.JudgeFragility.Trial;
import br.lncc.llm.lesson.ch08.JudgeFragility.Wording;
import br.lncc.llm.ui.I18n;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;

/**
 * The verdicts of a run: one row per pair, one column per wording × order, each cell coloured by
 * the answer chosen, so a flip reads as a change of colour along a row. Selecting a cell
 * publishes its trial (the page shows that prompt verbatim).
 */
final class JudgeVerdictTable extends TableView<JudgeVerdictTable.Row> {

    record Row(int index, Pair pair) {}

    private record Cell(String wording, Order order) {}

    private final I18n i18n;
    private final Map<String, Trial> trials = new HashMap<>();
    private final ReadOnlyObjectWrapper<Trial> selected = new ReadOnlyObjectWrapper<>();

    JudgeVerdictTable(I18n i18n) {
        this.i18n = i18n;
        setId("judge-verdicts");
        getStyleClass().add("judge-verdicts");
        getSelectionModel().setCellSelectionEnabled(true);
        getSelectionModel().getSelectedCells().addListener((javafx.collections.ListChangeListener<TablePosition>) c -> publish());
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY);
        setPlaceholder(new javafx.scene.control.Label(""));
    }

    ReadOnlyObjectProperty<Trial> selectedTrialProperty() {
        return selected.getReadOnlyProperty();
    }

    /** Empty table shaped for this run. */
    void reset(List<Pair> pairs, List<Wording> wordings) {
        trials.clear();
        selected.set(null);
        getColumns().clear();
        var number = new TableColumn<Row, String>();
        number.textProperty().bind(i18n.text("judge.col.pair"));
        number.setCellValueFactory(d -> new SimpleStringProperty(Integer.toString(d.getValue().index() + 1)));
        number.setMaxWidth(40);
        number.setMinWidth(30);
        var question = new TableColumn<Row, String>();
        question.textProperty().bind(i18n.text("judge.col.question"));
        question.setCellValueFactory(d -> new SimpleStringProperty(d.getValue().pair().question()));
        question.setPrefWidth(240);
        question.setCellFactory(br.lncc.llm.ui.widget.FittedTable.wrappingCells());
        var correct = new TableColumn<Row, String>();
        correct.textProperty().bind(i18n.text("judge.col.correct"));
        correct.setCellValueFactory(d -> new SimpleStringProperty(d.getValue().pair().correct().code()));
        correct.setMaxWidth(70);
        correct.setMinWidth(60);
        getColumns().add(number);
        getColumns().add(question);
        getColumns().add(correct);
        for (Wording w : wordings) {
            var group = new TableColumn<Row, Trial>(w.name());
            for (Order o : Order.values()) {
                var col = new TableColumn<Row, Trial>(o.code());
                col.setUserData(new Cell(w.name(), o));
                col.setCellValueFactory(d -> new SimpleObjectProperty<>(trials.get(key(d.getValue().index(), w.name(), o))));
                col.setCellFactory(c -> new VerdictCell());
                col.setSortable(false);
                col.setMinWidth(78);
                group.getColumns().add(col);
            }
            getColumns().add(group);
        }
        var rows = FXCollections.<Row>observableArrayList();
        for (int i = 0; i < pairs.size(); i++) rows.add(new Row(i, pairs.get(i)));
        setItems(rows);
        // A first guess (questions wrap to two lines); layoutChildren corrects it to the rows' real height.
        setPrefHeight(64 + 42 * Math.min(pairs.size(), MAX_ROWS_SHOWN));
    }

    /** Up to this many pairs show without scrolling; longer lists scroll inside the table. */
    private static final int MAX_ROWS_SHOWN = 16;

    /**
     * Sizes the table to its rows as laid out: the questions wrap, so a row is as tall as its
     * question at the column's current width (font, scale and language change that). A fixed
     * guess per row hid the last pairs behind a scroll bar at some widths.
     */
    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (!(lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) return;
        int rows = Math.min(flow.getCellCount(), MAX_ROWS_SHOWN);
        double seenHeight = 0;
        int seen = 0;
        for (int i = 0; i < rows; i++) {
            var cell = flow.getVisibleCell(i);
            if (cell != null) {
                seenHeight += cell.getHeight();
                seen++;
            }
        }
        if (seen == 0) return;
        double rowsHeight = seenHeight + (rows - seen) * (seenHeight / seen);
        var header = lookup(".column-header-background");
        double headerHeight = header == null ? 0 : header.getLayoutBounds().getHeight();
        double wanted = Math.ceil(snappedTopInset() + headerHeight + rowsHeight + snappedBottomInset() + 2);
        if (Math.abs(wanted - getPrefHeight()) > 1) setPrefHeight(wanted);
    }

    void addAll(List<Trial> batch) {
        for (Trial t : batch) trials.put(key(t.pair(), t.wording(), t.order()), t);
        refresh();
        publish();
    }

    private void publish() {
        var cells = getSelectionModel().getSelectedCells();
        if (cells.isEmpty()) return;
        TablePosition<?, ?> pos = cells.get(0);
        if (pos.getTableColumn() == null || !(pos.getTableColumn().getUserData() instanceof Cell c) || pos.getRow() < 0) return;
        Trial t = trials.get(key(getItems().get(pos.getRow()).index(), c.wording(), c.order()));
        if (t != null) selected.set(t);
    }

    /** Selects the cell of a trial (tests, and the first cell after a run). */
    void select(Trial t) {
        for (var group : getColumns()) {
            for (var col : group.getColumns()) {
                if (col.getUserData() instanceof Cell c && c.wording().equals(t.wording()) && c.order() == t.order()) {
                    getSelectionModel().clearAndSelect(t.pair(), col);
                    publish();
                    return;
                }
            }
        }
    }

    private static String key(int pair, String wording, Order order) {
        return pair + "\u0000" + wording + "\u0000" + order;
    }

    private final class VerdictCell extends TableCell<Row, Trial> {
        @Override
        protected void updateItem(Trial t, boolean empty) {
            super.updateItem(t, empty);
            getStyleClass().removeAll("judge-verdict-a", "judge-verdict-b");
            if (empty || t == null) {
                setText(null);
                return;
            }
            getStyleClass().add("judge-verdict-" + t.verdict().code());
            setText(String.format(i18n.getLocale(), "%s %s %.2f", t.verdict().code(), t.correct() ? "✓" : "✗", t.pFirst()));
        }
    }
}
