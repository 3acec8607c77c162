package br.lncc.llm.ui.notebooks;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.BackgroundWork;
import br.lncc.llm.ui.task.TaskHandle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The course notebooks N01–N03 inside the app: each with what it needs and whether that is on
 * this machine, Run in the background (progress and Cancel through the task framework), the
 * printed output streamed cell by cell into a monospace area, the figures it wrote, and its
 * output folder. A cancelled run keeps what it printed, on screen and in {@code <id>-saida.txt}.
 */
public final class NotebooksPage extends BorderPane {
    private static final String CSS = NotebooksPage.class.getResource("notebooks.css").toExternalForm();

    private final PageContext ctx;
    private final I18n i18n;
    private final TextArea output = new TextArea();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label();
    private final Label message = new Label();
    private final Button cancel = new Button();
    private final Button openFolder = new Button();
    private final ListView<Path> figures = new ListView<>();
    private final ImageView image = new ImageView();
    private final Map<String, Button> runButtons = new HashMap<>();
    private final Map<String, Label> availability = new HashMap<>();
    private final Map<String, TextField> modelFields = new HashMap<>();
    private final ConcurrentLinkedQueue<String> pendingLines = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private TaskHandle running;
    private Path lastOutDir;

    public NotebooksPage(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("notebooks-page");
        getStyleClass().add("notebooks-page");
        getStylesheets().add(CSS);

        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("nb.title"));
        var subtitle = new Label();
        subtitle.getStyleClass().add("page-subtitle");
        subtitle.setWrapText(true);
        subtitle.textProperty().bind(i18n.text("nb.subtitle"));
        var top = new VBox(4, title, subtitle);
        top.setPadding(new Insets(12, 12, 8, 12));
        setTop(top);

        var cards = new VBox(10);
        cards.setPadding(new Insets(0, 8, 12, 12));
        for (NotebookEntry e : NotebookEntry.all()) cards.getChildren().add(card(e));
        var cardScroll = new ScrollPane(cards);
        cardScroll.setFitToWidth(true);
        cardScroll.setMinWidth(260);
        cardScroll.getStyleClass().add("nb-cards");
        // The output's lines are as wide as the notebook prints them: the user can give them room.
        var split = new SplitPane(cardScroll, outputPane());
        split.setDividerPositions(0.34);
        SplitPane.setResizableWithParent(cardScroll, false);
        setCenter(split);
        setRunning(false);
        message.textProperty().bind(i18n.text("nb.idle"));
        NotebookEntry.all().forEach(this::checkAvailability);
    }

    private VBox card(NotebookEntry e) {
        var name = new Label();
        name.getStyleClass().add("nb-card-title");
        name.setWrapText(true);
        name.textProperty().bind(i18n.text("nb." + e.id() + ".title"));
        var desc = new Label();
        desc.setWrapText(true);
        desc.textProperty().bind(i18n.text("nb." + e.id() + ".desc"));
        var needs = new Label();
        needs.setWrapText(true);
        needs.getStyleClass().add("nb-needs");
        needs.textProperty().bind(e.models().isEmpty() ? i18n.text("nb.model.embedded")
                : i18n.text("nb.model.needs", String.join(", ", e.models())));
        var status = new Label();
        status.textProperty().bind(i18n.text("nb.checking"));
        status.setId("nb-status-" + e.id());
        status.setWrapText(true);
        status.getStyleClass().add("nb-availability");
        availability.put(e.id(), status);
        var card = new VBox(6, name, desc, needs, status);
        if (e.acceptsModel()) {
            var label = new Label();
            label.setWrapText(true);
            label.textProperty().bind(i18n.text("nb.modelField"));
            var field = new TextField();
            field.setId("nb-model-" + e.id());
            field.setPromptText(e.models().get(0));
            field.setOnAction(x -> checkAvailability(e));
            field.focusedProperty().addListener((o, was, now) -> {
                if (!now) checkAvailability(e);
            });
            modelFields.put(e.id(), field);
            card.getChildren().addAll(label, field);
        }
        var run = new Button();
        run.setId("nb-run-" + e.id());
        run.getStyleClass().add("nb-run");
        run.setMinWidth(Region.USE_PREF_SIZE);
        run.textProperty().bind(i18n.text("nb.run"));
        run.setOnAction(x -> start(e));
        runButtons.put(e.id(), run);
        card.getChildren().add(run);
        card.getStyleClass().add("nb-card");
        card.setPadding(new Insets(10));
        return card;
    }

    private VBox outputPane() {
        progress.setId("nb-progress");
        progress.setPrefWidth(220);
        progressText.setId("nb-progress-text");
        progressText.getStyleClass().add("nb-progress-text");
        cancel.setId("nb-cancel");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.textProperty().bind(i18n.text("nb.cancel"));
        cancel.setOnAction(x -> {
            if (running != null) running.cancel();
        });
        openFolder.setId("nb-open-folder");
        openFolder.setMinWidth(Region.USE_PREF_SIZE);
        openFolder.textProperty().bind(i18n.text("nb.openFolder"));
        openFolder.setOnAction(x -> openOutputFolder());
        openFolder.setDisable(true);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new HBox(8, progress, progressText, spacer, cancel, openFolder);
        bar.setAlignment(Pos.CENTER_LEFT);
        message.setId("nb-message");
        message.setWrapText(true);
        message.getStyleClass().add("nb-message");

        output.setId("nb-output");
        output.setEditable(false);
        output.setWrapText(false);
        output.getStyleClass().add("nb-output");

        figures.setId("nb-figures");
        figures.setPrefWidth(190);
        figures.setMinWidth(140);
        figures.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Path p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.getFileName().toString());
            }
        });
        var noFigures = new Label();
        noFigures.textProperty().bind(i18n.text("nb.noFigures"));
        noFigures.setWrapText(true); // the list is narrow; at presenter scale the hint takes two lines
        figures.setPlaceholder(noFigures);
        figures.getSelectionModel().selectedItemProperty().addListener((o, a, p) ->
                image.setImage(p == null ? null : new Image(p.toUri().toString(), true)));
        // Double-click (list entry or preview): the figure enlarged in its own window.
        figures.setOnMouseClicked(ev -> {
            Path p = figures.getSelectionModel().getSelectedItem();
            if (ev.getClickCount() == 2 && p != null) enlarge(p);
        });
        image.setOnMouseClicked(ev -> {
            Path p = figures.getSelectionModel().getSelectedItem();
            if (ev.getClickCount() == 2 && p != null) enlarge(p);
        });
        image.setCursor(javafx.scene.Cursor.HAND);
        var enlargeTip = new javafx.scene.control.Tooltip();
        enlargeTip.textProperty().bind(i18n.text("nb.figure.enlarge"));
        javafx.scene.control.Tooltip.install(image, enlargeTip);
        image.setId("nb-image");
        image.setPreserveRatio(true);
        var imageScroll = new ScrollPane(image);
        image.fitWidthProperty().bind(imageScroll.widthProperty().subtract(20));
        var figuresTitle = new Label();
        figuresTitle.getStyleClass().add("nb-card-title");
        figuresTitle.textProperty().bind(i18n.text("nb.figures"));
        var figuresBox = new HBox(8, figures, imageScroll);
        HBox.setHgrow(imageScroll, Priority.ALWAYS);
        var figuresPane = new VBox(4, figuresTitle, figuresBox);
        VBox.setVgrow(figuresBox, Priority.ALWAYS);

        var split = new SplitPane(output, figuresPane);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        var pane = new VBox(8, bar, message, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        pane.setPadding(new Insets(0, 12, 12, 8));
        return pane;
    }

    /** Opens the figure enlarged (what a double-click does); returns its window. */
    javafx.stage.Stage enlarge(Path figure) {
        return FigureWindow.show(ctx, figure);
    }

    /** Fills the card's availability line from a background look at the HF cache. */
    private void checkAvailability(NotebookEntry e) {
        TextField field = modelFields.get(e.id());
        String typed = field == null ? null : field.getText();
        Label status = availability.get(e.id());
        CompletableFuture.supplyAsync(() -> e.availability(typed)).whenComplete((a, error) -> Platform.runLater(() -> {
            status.getStyleClass().removeAll("nb-present", "nb-missing");
            if (error != null) {
                i18n.show(status.textProperty(), () -> i18n.get("nb.missing", typed));
                status.getStyleClass().add("nb-missing");
            } else if (a.missing().isEmpty()) {
                i18n.show(status.textProperty(), () -> e.models().isEmpty() && a.present().isEmpty() ? i18n.get("nb.embeddedReady")
                        : i18n.get("nb.present", String.join(", ", a.present())));
                status.getStyleClass().add("nb-present");
            } else {
                i18n.show(status.textProperty(), () -> i18n.get("nb.missing", String.join(", ", a.missing())) + "\n"
                        + String.join("\n", a.missing().stream().filter(br.lncc.llm.hub.HubClient::isValidRepoId)
                                .map(m -> "companion models download " + m).toList()));
                status.getStyleClass().add("nb-missing");
            }
        }));
    }

    private void start(NotebookEntry e) {
        if (running != null) return;
        TextField field = modelFields.get(e.id());
        String model = field == null || field.getText().isBlank() ? null : field.getText().trim();
        Path dir = e.outDir();
        lastOutDir = dir;
        output.clear();
        pendingLines.clear();
        figures.getItems().clear();
        i18n.show(message.textProperty(), () -> i18n.get("nb.running", e.id()));
        AtomicBoolean succeeded = new AtomicBoolean();
        BackgroundWork<Path> work = sink -> {
            var stream = new StreamedOutput(sink, this::queueLine, !e.reportsProgress());
            try (var out = new PrintStream(stream, true, StandardCharsets.UTF_8)) {
                e.runner().run(out, dir, model, NotebookEntry.SEED, sink);
            } finally {
                stream.finish();
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(e.id() + "-saida.txt"), stream.text());
            }
            return dir;
        };
        running = ctx.tasks().run(i18n.get("nb.taskTitle", e.id()), work, d -> succeeded.set(true), () -> finished(e, succeeded.get()));
        progress.progressProperty().bind(running.progressProperty());
        progressText.textProperty().bind(running.detailProperty());
        setRunning(true);
    }

    private void finished(NotebookEntry e, boolean ok) {
        drainLines();
        boolean cancelled = running.isCancelRequested();
        progress.progressProperty().unbind();
        progressText.textProperty().unbind();
        if (ok && !cancelled) progress.setProgress(1);
        running = null;
        setRunning(false);
        Path saved = e.outDir().resolve(e.id() + "-saida.txt");
        i18n.show(message.textProperty(), () -> cancelled ? i18n.get("nb.cancelled", e.id(), saved)
                : ok ? i18n.get("nb.done", e.id(), e.outDir()) : i18n.get("nb.failed", e.id()));
        showFigures(e.outDir());
    }

    private void showFigures(Path dir) {
        List<Path> pngs;
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            pngs = files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        } catch (IOException ex) {
            pngs = List.of();
        }
        figures.getItems().setAll(pngs);
        if (!pngs.isEmpty()) figures.getSelectionModel().selectFirst();
    }

    private void setRunning(boolean on) {
        runButtons.values().forEach(b -> b.setDisable(on));
        cancel.setDisable(!on);
        openFolder.setDisable(on || lastOutDir == null);
    }

    private void openOutputFolder() {
        if (lastOutDir == null) return;
        try {
            Files.createDirectories(lastOutDir);
        } catch (IOException ignored) {
            // showDocument below then reports the folder it could not open
        }
        if (ctx.hostServices() != null) ctx.hostServices().showDocument(lastOutDir.toUri().toString());
        ctx.status().accept(i18n.get("nb.folder", lastOutDir));
    }

    /** Called on the notebook's thread for every printed line; the FX thread appends them in batches. */
    private void queueLine(String line) {
        pendingLines.add(line);
        if (drainScheduled.compareAndSet(false, true)) Platform.runLater(this::drainLines);
    }

    private void drainLines() {
        drainScheduled.set(false);
        var text = new StringBuilder();
        for (String l; (l = pendingLines.poll()) != null; ) text.append(l);
        if (text.length() > 0) output.appendText(text.toString());
    }

    /** The output shown so far (tests). */
    String outputText() {
        return output.getText();
    }

    boolean isRunning() {
        return running != null;
    }
}
