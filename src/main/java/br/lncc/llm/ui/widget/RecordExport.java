package br.lncc.llm.ui.widget;

import br.lncc.llm.lesson.ch09.ExperimentRecord;
import br.lncc.llm.lesson.ch09.ExperimentRecordMarkdown;
import br.lncc.llm.ui.PageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The "Exportar registro…" button every lab page shows under its results (Cap. 5.9, 7.12, 8.6),
 * and beside it, once saved, the 8.6 checklist of that record: what is present (✓) and what is
 * missing (✗). The page hands over how to build the record from its last finished run
 * ({@link #setSource}); building hashes the model's files, so it runs as a background task.
 */
public final class RecordExport extends VBox {

    /** Builds the record of the page's last run in {@code locale} (titles are translated). */
    @FunctionalInterface
    public interface Source {
        ExperimentRecord build(Locale locale) throws Exception;
    }

    private final PageContext ctx;
    private final String fileStem;
    private final Button button = new Button();
    private final Label caption = new Label();
    private final FlowPane checklist = new FlowPane(12, 4);
    private Source source;

    /** @param fileStem the suggested file name without extension ("cap4-grade-registro") */
    public RecordExport(PageContext ctx, String fileStem) {
        super(4);
        this.ctx = ctx;
        this.fileStem = fileStem;
        button.textProperty().bind(ctx.i18n().text("record.export"));
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setDisable(true);
        button.setOnAction(e -> choose());
        button.getStyleClass().add("record-export");
        caption.textProperty().bind(ctx.i18n().text("record.checklist"));
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        checklist.setAlignment(Pos.CENTER_LEFT);
        caption.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(checklist.getChildren()));
        caption.managedProperty().bind(caption.visibleProperty());
        getChildren().addAll(button, caption, checklist);
    }

    /** What the next export writes: the page's latest finished run. Null (nothing run yet) disables the button. */
    public void setSource(Source s) {
        source = s;
        button.setDisable(s == null);
        checklist.getChildren().clear();
    }

    public Button button() {
        return button;
    }

    private void choose() {
        if (source == null) return;
        var chooser = new FileChooser();
        chooser.setTitle(ctx.i18n().get("record.export"));
        chooser.setInitialFileName(fileStem + ".json");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        var file = chooser.showSaveDialog(ctx.owner());
        if (file != null) export(file.toPath(), md -> {});
    }

    /**
     * Writes the record as {@code json} and the Markdown beside it (same name, .md), then shows the
     * checklist. {@code done} gets the Markdown's path (tests wait on it).
     */
    public void export(Path json, Consumer<Path> done) {
        Source s = source;
        if (s == null) {
            ctx.status().accept(ctx.i18n().get("record.nothing"));
            return;
        }
        var locale = ctx.i18n().getLocale();
        button.setDisable(true);
        ctx.tasks().run(ctx.i18n().get("record.export"), sink -> {
            ExperimentRecord r = s.build(locale);
            Files.writeString(json, r.toJson());
            Path md = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
            Files.writeString(md, ExperimentRecordMarkdown.render(r, locale));
            return new Saved(r, md);
        }, saved -> {
            showChecklist(saved.record());
            ctx.status().accept(ctx.i18n().get("record.exported", saved.markdown()));
            done.accept(saved.markdown());
        }, () -> button.setDisable(source == null));
    }

    private record Saved(ExperimentRecord record, Path markdown) {}

    private void showChecklist(ExperimentRecord r) {
        checklist.getChildren().clear();
        for (var c : r.checklist()) {
            var l = new Label((c.present() ? "✓ " : "✗ ") + ctx.i18n().get(c.key()));
            l.getStyleClass().add(c.present() ? "record-present" : "record-missing");
            l.setMinWidth(Region.USE_PREF_SIZE);
            checklist.getChildren().add(l);
        }
    }
}
