package br.lncc.llm.ui.train;

import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;

/**
 * Chooses the GPT-2 of the Cap. 6–7 labs: a GPT-2 the app knows (Hugging Face cache, imported
 * folders), any folder, or the project's tiny GPT-2 when no checkpoint is on this machine.
 */
final class ModelPicker extends javafx.scene.layout.VBox {
    private final ComboBox<LabModelSource> choice = new ComboBox<>();
    /** Flows onto a second line at presenter scale rather than squeezing the combo until its entry reads "…". */
    private final javafx.scene.layout.FlowPane row = new javafx.scene.layout.FlowPane(8, 4);
    private final Label note = new Label();

    ModelPicker(PageContext ctx) {
        super(4);
        I18n i18n = ctx.i18n();
        row.setAlignment(Pos.CENTER_LEFT);
        row.setRowValignment(javafx.geometry.VPos.CENTER);
        var label = new Label();
        label.textProperty().bind(i18n.text("train.model"));
        choice.setId("train-model");
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(LabModelSource s) {
                if (s == null) return "";
                if (s instanceof LabModelSource.Tiny) return i18n.get("train.model.tiny");
                if (s instanceof LabModelSource.Course) return courseName(i18n);
                if (s instanceof LabModelSource.Folder f) return s.name() + "  (" + f.path() + ")";
                return s.name();
            }

            @Override
            public LabModelSource fromString(String s) {
                return null;
            }
        });
        var tiny = new LabModelSource.Tiny(42);
        // The course model is the default: it learned something, so before/after outputs read as text.
        choice.setItems(FXCollections.observableArrayList(List.of(COURSE, tiny)));
        choice.getSelectionModel().select(COURSE);
        choice.setOnShowing(e -> refresh(tiny));
        note.setId("train-model-note");
        note.setWrapText(true);
        Runnable showNote = () -> {
            boolean course = choice.getValue() instanceof LabModelSource.Course;
            boolean random = randomWeights();
            note.setText(course ? br.lncc.llm.ui.CourseModelNote.text(i18n) : random ? i18n.get("random.picker") : "");
            note.getStyleClass().remove("status-warning");
            if (random) note.getStyleClass().add("status-warning");
            note.setVisible(course || random);
            note.setManaged(course || random);
        };
        choice.valueProperty().addListener((o, a, b) -> showNote.run());
        i18n.localeProperty().addListener((o, a, b) -> showNote.run());
        showNote.run();
        var folder = new Button();
        folder.textProperty().bind(i18n.text("train.model.folder"));
        folder.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(ctx.owner());
            if (dir != null) {
                var src = new LabModelSource.Folder(dir.toPath());
                choice.getItems().add(src);
                choice.getSelectionModel().select(src);
            }
        });
        // Label and button keep their whole text; the row wraps (6.5 at 1.5× cut the combo's entry).
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        folder.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // The combo takes the width of its longest entry (a folder's path can be long), on a line of its own
        // when it does not fit beside the label, but never more than the page: then the tooltip holds it whole
        // (the tiny model's entry is short; its tooltip says what it is).
        choice.setMinWidth(120);
        choice.maxWidthProperty().bind(row.widthProperty());
        var tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> choice.getValue() instanceof LabModelSource.Tiny ? i18n.get("train.model.tinyLong")
                        : choice.getConverter().toString(choice.getValue()), choice.valueProperty(), i18n.localeProperty()));
        choice.setTooltip(tip);
        row.getChildren().addAll(label, choice, folder);
        getChildren().addAll(row, note);
    }

    private static final LabModelSource.Course COURSE = new LabModelSource.Course();

    private static String courseName(I18n i18n) {
        try {
            return i18n.get("course.name", br.lncc.llm.lesson.CourseModelInfo.facts().parameters());
        } catch (RuntimeException e) {
            return br.lncc.llm.lesson.CourseModelInfo.NAME;
        }
    }

    private void refresh(LabModelSource.Tiny tiny) {
        var selected = choice.getValue();
        List<LabModelSource> items = new ArrayList<>();
        items.add(COURSE);
        items.add(tiny);
        try {
            for (ModelEntry e : ModelCatalog.standard().list()) {
                String arch = e.architecture() == null ? "" : e.architecture().toLowerCase(Locale.ROOT);
                if (e.isReady() && arch.contains("gpt2")) items.add(new LabModelSource.Folder(e.path()));
            }
        } catch (RuntimeException ignored) {
            // An unreadable catalog leaves the tiny model and the folder button.
        }
        for (var s : choice.getItems()) if (!items.contains(s)) items.add(s);
        choice.setItems(FXCollections.observableArrayList(items));
        choice.getSelectionModel().select(selected);
    }

    javafx.beans.property.ObjectProperty<LabModelSource> choiceProperty() {
        return choice.valueProperty();
    }

    LabModelSource source() {
        return choice.getValue();
    }

    /** True for the project's tiny model: its results get the random-weights warning beside them. */
    boolean randomWeights() {
        return choice.getValue() instanceof LabModelSource.Tiny;
    }
}
