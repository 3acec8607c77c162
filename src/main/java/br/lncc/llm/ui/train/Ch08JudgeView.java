package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.ch08.JudgeFragility;
import br.lncc.llm.lesson.ch08.JudgeLab;
import br.lncc.llm.lesson.ch08.JudgeMaterial;
import br.lncc.llm.lesson.ch08.JudgeFragility.Trial;
import br.lncc.llm.lesson.ch08.JudgeFragility.Wording;
import br.lncc.llm.lesson.ch08.JudgePairsFile;
import br.lncc.llm.lesson.ch08.JudgeSummary;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskHandle;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * Cap. 8.4 and 8.5.4: a model judges answer pairs in both orders and several wordings; the page
 * shows every verdict, how often it flips (with Wilson intervals) and the exact prompt of any
 * trial. The computation is {@link JudgeFragility}'s; this view only collects input and draws.
 */
public final class Ch08JudgeView extends ScrollPane {
    private final PageContext ctx;
    private final I18n i18n;
    private final ComboBox<JudgeChoice> judge = new ComboBox<>();
    private final Label modelNote = new Label();
    private final JudgePairsTable pairsTable;
    private final TabPane wordingTabs = new TabPane();
    private final List<TextArea> wordingAreas = new ArrayList<>();
    private final List<String> wordingNames = new ArrayList<>();
    private final Button run = new Button();
    private final Button cancel = new Button();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final Label message = new Label();
    private final JudgeVerdictTable verdicts;
    private final RateBars bars;
    private final Label margin = new Label();
    private final br.lncc.llm.ui.widget.RecordExport record;
    private final Label promptDetail = new Label();
    private final TextArea promptText = new TextArea();

    private final List<Trial> trials = new ArrayList<>();
    private final java.util.Queue<Trial> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private JudgeFragility.VerdictTokens tokens;
    private int expected;
    private String runModel = "";
    private TaskHandle running;
    private boolean completed;

    public Ch08JudgeView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.pairsTable = new JudgePairsTable(i18n);
        this.verdicts = new JudgeVerdictTable(i18n);
        this.bars = new RateBars(i18n);
        setId("ch08-judge");
        var page = new VBox(12);
        page.getStyleClass().add("page");
        var title = label("judge.title");
        title.getStyleClass().add("page-title");
        record = new br.lncc.llm.ui.widget.RecordExport(ctx, "cap8-juiz-registro");
        record.setId("judge-record");
        page.getChildren().addAll(title, label("judge.intro"), modelRow(), modelNote, inputs(), runRow(), message,
                label("judge.fluency"), results(), record, label("judge.note"));
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch08JudgeView.class.getResource("judge.css").toExternalForm());
        pairsTable.setPairs(JudgeMaterial.pairs());
        setWordings(JudgeMaterial.wordings());
        verdicts.reset(JudgeMaterial.pairs(), JudgeMaterial.wordings());
        bars.show(JudgeSummary.of(List.of()));
        verdicts.selectedTrialProperty().addListener((o, a, t) -> showPrompt(t));
        showPrompt(null);
        i18n.localeProperty().addListener((o, a, b) -> showPrompt(verdicts.selectedTrialProperty().get()));
    }

    private Label label(String key) {
        var l = new Label();
        l.setWrapText(true);
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    // ------------------------------------------------------------------ inputs

    private Node modelRow() {
        judge.setId("judge-model");
        judge.setConverter(new StringConverter<>() {
            @Override
            public String toString(JudgeChoice c) {
                if (c == null) return "";
                if (c instanceof JudgeChoice.RandomTiny) return i18n.get("judge.model.tiny");
                if (c instanceof JudgeChoice.Course) return i18n.get("judge.model.course");
                return ((JudgeChoice.Folder) c).id();
            }

            @Override
            public JudgeChoice fromString(String s) {
                return null;
            }
        });
        // Listing the catalog reads a few config.json files: cheap enough for page creation.
        judge.setItems(FXCollections.observableArrayList(JudgeChoice.available()));
        judge.getSelectionModel().select(0);
        judge.setOnShowing(e -> {
            var chosen = judge.getValue();
            var items = new ArrayList<>(JudgeChoice.available());
            for (var c : judge.getItems()) if (!items.contains(c)) items.add(items.size() - 1, c);
            judge.setItems(FXCollections.observableArrayList(items));
            judge.getSelectionModel().select(chosen);
        });
        judge.valueProperty().addListener((o, a, b) -> describeModel());
        judge.setMinWidth(280);
        var folder = new Button();
        folder.setId("judge-folder");
        folder.textProperty().bind(i18n.text("judge.model.folder"));
        folder.setMinWidth(Region.USE_PREF_SIZE);
        folder.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(ctx.owner());
            if (dir == null) return;
            var c = new JudgeChoice.Folder(dir.getName(), dir.toPath());
            judge.getItems().add(judge.getItems().size() - 1, c);
            judge.getSelectionModel().select(c);
        });
        modelNote.setId("judge-model-note");
        modelNote.setWrapText(true);
        i18n.localeProperty().addListener((o, a, b) -> describeModel());
        describeModel();
        var name = label("judge.model");
        name.setMinWidth(Region.USE_PREF_SIZE);
        var row = new HBox(8, name, judge, folder);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void describeModel() {
        JudgeChoice c = judge.getValue();
        modelNote.getStyleClass().removeAll("judge-warning", "judge-info");
        if (c == null) return;
        String key = c instanceof JudgeChoice.RandomTiny ? "judge.model.randomNote"
                : c.instruct() ? "judge.model.instructNote" : "judge.model.baseNote";
        i18n.show(modelNote.textProperty(), () -> i18n.get(key) + (c instanceof JudgeChoice.Course ? "\n" + br.lncc.llm.ui.CourseModelNote.text(i18n) : ""));
        modelNote.getStyleClass().add(c.instruct() ? "judge-info" : "judge-warning");
    }

    private Node inputs() {
        var add = button("judge.pairs.add", "judge-pairs-add", e -> pairsTable.addEmpty());
        var remove = button("judge.pairs.remove", "judge-pairs-remove", e -> pairsTable.removeSelected());
        var load = button("judge.pairs.load", "judge-pairs-load", e -> loadPairs());
        var save = button("judge.pairs.save", "judge-pairs-save", e -> savePairs());
        var builtIn = button("judge.pairs.builtIn", "judge-pairs-builtin", e -> pairsTable.setPairs(JudgeMaterial.pairs()));
        var pairButtons = new javafx.scene.layout.FlowPane(6, 6, add, remove, load, save, builtIn);
        var pairs = new VBox(6, label("judge.pairs"), pairsTable, pairButtons);
        HBox.setHgrow(pairs, Priority.ALWAYS);
        pairs.setPrefWidth(620);
        pairs.setMinWidth(260);
        pairsTable.setMinWidth(200);
        wordingTabs.setId("judge-wordings");
        wordingTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        wordingTabs.setPrefHeight(250);
        var reset = button("judge.wordings.reset", "judge-wordings-reset", e -> setWordings(JudgeMaterial.wordings()));
        var wordings = new VBox(6, label("judge.wordings"), wordingTabs, reset);
        wordings.setPrefWidth(380);
        wordings.setMinWidth(240);
        return new HBox(16, pairs, wordings);
    }

    private Button button(String key, String id, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        var b = new Button();
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(action);
        return b;
    }

    private void setWordings(List<Wording> list) {
        wordingTabs.getTabs().clear();
        wordingAreas.clear();
        wordingNames.clear();
        for (Wording w : list) {
            var area = new TextArea(w.template());
            area.setId("judge-wording-" + w.name());
            area.setWrapText(true);
            area.getStyleClass().add("judge-mono");
            wordingAreas.add(area);
            wordingNames.add(w.name());
            wordingTabs.getTabs().add(new Tab(w.name(), area));
        }
    }

    private List<Wording> wordings() {
        List<Wording> out = new ArrayList<>();
        for (int i = 0; i < wordingAreas.size(); i++) out.add(new Wording(wordingNames.get(i), wordingAreas.get(i).getText()));
        return out;
    }

    private void loadPairs() {
        var chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(i18n.get("judge.jsonl.filter"), "*.jsonl", "*.json"));
        File f = chooser.showOpenDialog(ctx.owner());
        if (f == null) return;
        try {
            pairsTable.setPairs(JudgePairsFile.read(f.toPath()));
            i18n.show(message.textProperty(), () -> "");
        } catch (LessonInputException e) {
            i18n.show(message.textProperty(), () -> i18n.get("judge.invalid", i18n.error(e)));
        }
    }

    private void savePairs() {
        var chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(i18n.get("judge.jsonl.filter"), "*.jsonl"));
        chooser.setInitialFileName("pares-juiz.jsonl");
        File f = chooser.showSaveDialog(ctx.owner());
        if (f == null) return;
        try {
            Files.writeString(f.toPath(), JudgePairsFile.format(pairsTable.pairs()), StandardCharsets.UTF_8);
            i18n.show(message.textProperty(), () -> "");
        } catch (LessonInputException | IOException e) {
            i18n.show(message.textProperty(), () -> i18n.get("judge.invalid", i18n.error(e)));
        }
    }

    // ------------------------------------------------------------------ run

    private Node runRow() {
        run.setId("judge-run");
        run.textProperty().bind(i18n.text("judge.run"));
        run.setDefaultButton(true);
        run.setMinWidth(Region.USE_PREF_SIZE);
        run.setOnAction(e -> start());
        cancel.setId("judge-cancel");
        cancel.textProperty().bind(i18n.text("judge.cancel"));
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            if (running != null) running.cancel();
        });
        progress.setPrefWidth(220);
        status.setId("judge-status");
        status.setWrapText(true);
        message.setId("judge-message");
        message.setWrapText(true);
        message.getStyleClass().add("judge-error");
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        var row = new HBox(10, run, cancel, progress, status);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Reads the inputs, clears the results and judges in the background; trials appear as they finish. */
    void start() {
        List<JudgeFragility.Pair> pairs;
        List<Wording> wordings;
        try {
            pairs = pairsTable.pairs();
            wordings = wordings();
        } catch (LessonInputException e) {
            i18n.show(message.textProperty(), () -> i18n.get("judge.invalid", i18n.error(e)));
            return;
        }
        JudgeChoice choice = judge.getValue();
        i18n.show(message.textProperty(), () -> "");
        pending.clear();
        completed = false;
        trials.clear();
        tokens = null;
        expected = pairs.size() * wordings.size() * JudgeFragility.Order.values().length;
        record.setSource(null);
        verdicts.reset(pairs, wordings);
        showSummary();
        showPrompt(null);
        run.setDisable(true);
        judge.setDisable(true);
        cancel.setDisable(false);
        progress.setProgress(0);
        runModel = judge.getConverter().toString(choice);
        i18n.show(status.textProperty(), () -> i18n.get("judge.status.running", "0", Integer.toString(expected)));
        running = ctx.tasks().run(i18n.get("judge.task", Integer.toString(expected)), sink -> {
            var request = new JudgeLab.Request(choice.judge(), pairs, wordings, "8.4");
            return JudgeLab.run(request, opened -> Platform.runLater(() -> tokens = opened.tokens()), this::arrived, sink);
        }, judged -> {
            completed = judged.result().complete();
            record.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.judge(judged.result(), judged.folder(), locale));
        }, this::finished);
    }

    /**
     * Background thread: a tiny model judges faster than the table can redraw, so trials queue up
     * and one pending FX pulse draws all that arrived (Cancel never waits behind hundreds of redraws).
     */
    private void arrived(Trial t) {
        pending.add(t);
        if (drainScheduled.compareAndSet(false, true)) Platform.runLater(this::drain);
    }

    private void drain() {
        drainScheduled.set(false);
        List<Trial> batch = new ArrayList<>();
        for (Trial t; (t = pending.poll()) != null; ) batch.add(t);
        if (batch.isEmpty()) return;
        boolean first = trials.isEmpty();
        trials.addAll(batch);
        verdicts.addAll(batch);
        if (first) verdicts.select(batch.get(0));
        progress.setProgress((double) trials.size() / expected);
        i18n.show(status.textProperty(), () -> i18n.get("judge.status.running", Integer.toString(trials.size()), Integer.toString(expected)));
        showSummary();
    }

    /** After success, failure or cancel: whatever finished stays on screen. */
    private void finished() {
        drain();
        boolean cancelled = running != null && running.isCancelRequested();
        running = null;
        run.setDisable(false);
        judge.setDisable(false);
        cancel.setDisable(true);
        String done = Integer.toString(trials.size()), total = Integer.toString(expected);
        if (completed) i18n.show(status.textProperty(), () -> i18n.get("judge.status.done", done, runModel));
        else if (cancelled) i18n.show(status.textProperty(), () -> i18n.get("judge.status.cancelled", done, total));
        else i18n.show(status.textProperty(), () -> i18n.get("judge.status.failed", done, total)); // the error dialog says why
    }

    // ------------------------------------------------------------------ results

    private Node results() {
        margin.setId("judge-margin");
        margin.setWrapText(true);
        promptText.setId("judge-prompt");
        promptText.setEditable(false);
        promptText.setWrapText(true);
        promptText.setPrefRowCount(14);
        promptText.getStyleClass().add("judge-mono");
        promptDetail.setId("judge-prompt-detail");
        promptDetail.setWrapText(true);
        // Stacked, not side by side: the page must fit beside the book's table of contents.
        return new VBox(8, label("judge.results"), verdicts, label("judge.bars"), bars, margin,
                label("judge.prompt"), promptDetail, promptText);
    }

    private void showSummary() {
        JudgeSummary s = JudgeSummary.of(trials);
        bars.show(s);
        if (trials.isEmpty()) {
            i18n.show(margin.textProperty(), () -> "");
            return;
        }
        double mass = trials.stream().mapToDouble(Trial::labelMass).average().orElse(Double.NaN);
        i18n.show(margin.textProperty(), () -> i18n.get("judge.margin", String.format(i18n.getLocale(), "%.3f", s.meanMargin()),
                String.format(i18n.getLocale(), "%.4f", mass)) + "\n"
                + i18n.get("judge.bias", String.format(i18n.getLocale(), "%.3g", s.firstPositionP())));
    }

    private void showPrompt(Trial t) {
        if (t == null) {
            promptDetail.setText(i18n.get("judge.prompt.none"));
            promptText.setText("");
            return;
        }
        String p = String.format(i18n.getLocale(), "%.4f", t.pFirst());
        String q = String.format(i18n.getLocale(), "%.4f", 1 - t.pFirst());
        promptDetail.setText(i18n.get("judge.prompt.detail", Integer.toString(t.pair() + 1), t.wording(), t.order().code(), Integer.toString(t.promptTokens()),
                p, q, t.verdict().code(), i18n.get(t.correct() ? "judge.correct" : "judge.wrong"),
                tokens == null ? "?" : tokens.firstPieces(), tokens == null ? "?" : tokens.secondPieces()));
        promptText.setText(t.prompt());
    }

    /** Trials shown so far (tests). */
    List<Trial> trials() {
        return List.copyOf(trials);
    }
}
