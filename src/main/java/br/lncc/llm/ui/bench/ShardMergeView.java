package br.lncc.llm.ui.bench;

import br.lncc.llm.bench.shard.ShardMerge;
import br.lncc.llm.ui.I18n;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/**
 * How complete a merged folder of parts is, shown before the charts: one line saying complete or
 * what is missing, and one row per part (present or not, records of planned, unreadable lines).
 */
final class ShardMergeView extends VBox {
    private final I18n i18n;
    private final Label verdict = new Label();
    private final Label missing = new Label();
    private final TableView<ShardMerge.ShardStatus> table = new TableView<>();
    private ShardMerge.Result result;

    ShardMergeView(I18n i18n) {
        super(6);
        this.i18n = i18n;
        setId("shard-merge-status");
        verdict.setId("shard-merge-verdict");
        verdict.setWrapText(true);
        missing.setWrapText(true);
        table.setId("shard-merge-table");
        br.lncc.llm.ui.widget.FittedTable.fit(table, 6);
        table.getColumns().addAll(List.of(
                col("bench.shard.col.file", ShardMerge.ShardStatus::file),
                col("bench.shard.col.state", s -> i18n.get(!s.present() ? "bench.shard.absent" : s.complete() ? "bench.shard.done" : "bench.shard.partial")),
                col("bench.shard.col.records", s -> s.records() + " / " + s.planned()),
                col("bench.shard.col.unreadable", s -> s.unreadableLines() == 0 ? "—" : String.valueOf(s.unreadableLines()))));
        getChildren().addAll(verdict, missing, table);
        i18n.localeProperty().addListener((o, a, b) -> show(result));
        show(null);
    }

    void show(ShardMerge.Result r) {
        result = r;
        setVisible(r != null);
        setManaged(r != null);
        if (r == null) return;
        verdict.getStyleClass().removeAll("status-warning", "status-ok");
        verdict.getStyleClass().add(r.complete() ? "status-ok" : "status-warning");
        int perItem = r.energy() == null ? 1 : r.energy().size();
        int planned = r.items() * perItem;
        verdict.setText(r.complete() ? i18n.get("bench.shard.complete", planned, r.shards())
                : i18n.get("bench.shard.incomplete", r.missingItems().size(), planned, r.shards()));
        missing.setText(r.missingItems().isEmpty() ? "" : i18n.get("bench.shard.missing", r.missingItems().stream().limit(12)
                .map(m -> (m.model().isEmpty() ? "" : m.model() + " ") + "#" + m.item() + " (" + m.id() + ")")
                .collect(Collectors.joining(", ")) + (r.missingItems().size() > 12 ? ", …" : "")));
        missing.setVisible(!r.missingItems().isEmpty());
        missing.setManaged(missing.isVisible());
        table.setItems(FXCollections.observableArrayList(r.shardFiles()));
        table.refresh();
    }

    ShardMerge.Result result() {
        return result;
    }

    String verdictText() {
        return verdict.getText();
    }

    private TableColumn<ShardMerge.ShardStatus, String> col(String key, Function<ShardMerge.ShardStatus, String> value) {
        var c = new TableColumn<ShardMerge.ShardStatus, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }
}
