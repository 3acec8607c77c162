package br.lncc.llm.ui.models;

import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.ErrorDialog;
import br.lncc.llm.ui.task.ProgressText;
import br.lncc.llm.ui.task.ProgressUnit;
import br.lncc.llm.ui.task.TaskArea;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model manager: every model the app knows (embedded BERT-base, the Hugging Face cache,
 * imported folders) with source, size, architecture and status; import a folder, open the cache
 * folder, download a model from the Hub with progress and Cancel.
 */
public final class ModelManagerWindow {
    private static final Logger log = LoggerFactory.getLogger(ModelManagerWindow.class);

    private final PageContext ctx;
    private final I18n i18n;
    private final ModelCatalog catalog;
    private final HubClient hub;
    private final Stage stage = new Stage();
    private final TableView<ModelEntry> table = new TableView<>();
    private final TextField repoField = new TextField();
    private final Button download = new Button();
    private final Label message = new Label();

    public ModelManagerWindow(PageContext ctx, ModelCatalog catalog, HubClient hub) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.catalog = catalog;
        this.hub = hub;

        table.setId("models-table");
        table.setPlaceholder(new Label());
        ((Label) table.getPlaceholder()).textProperty().bind(i18n.text("models.loading"));
        table.getColumns().add(column("models.col.id", e -> new SimpleStringProperty(e.id()), 280));
        table.getColumns().add(column("models.col.source", e -> i18n.text("models.source." + e.source()), 170));
        var size = column("models.col.size", e -> new SimpleObjectProperty<>(e.sizeBytes()), 90);
        size.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Object v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : ((Long) v == 0 ? "—" : ProgressText.bytes((Long) v, i18n.getLocale())));
            }
        });
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        table.getColumns().add(size);
        table.getColumns().add(column("models.col.architecture", e -> new SimpleStringProperty(e.architecture()), 110));
        table.getColumns().add(column("models.col.status", e -> i18n.text("models.status." + e.status()), 260));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        var importButton = button("models.import", "models-import", e -> chooseFolder());
        var openCache = button("models.openCache", "models-open-cache", e -> openCacheFolder());
        var refresh = button("models.refresh", "models-refresh", e -> refresh());
        var card = button("serve.card.button", "models-card", e -> writeCard());
        // Cap. 9.2.1: a card needs a causal model folder on disk (the embedded BERT is not one).
        card.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            ModelEntry e = table.getSelectionModel().getSelectedItem();
            return e == null || ModelEntry.EMBEDDED.equals(e.source()) || !ModelEntry.STATUS_READY.equals(e.status());
        }, table.getSelectionModel().selectedItemProperty()));
        var actions = new HBox(8, importButton, openCache, refresh, card);

        var downloadLabel = new Label();
        downloadLabel.textProperty().bind(i18n.text("models.download.label"));
        repoField.setId("models-repo");
        repoField.promptTextProperty().bind(i18n.text("models.download.prompt"));
        repoField.setPrefColumnCount(28);
        repoField.setOnAction(e -> startDownload());
        download.setId("models-download");
        download.textProperty().bind(i18n.text("models.download"));
        download.setOnAction(e -> startDownload());
        download.disableProperty().bind(Bindings.createBooleanBinding(() -> repoField.getText().isBlank(), repoField.textProperty()));
        var downloadRow = new HBox(8, downloadLabel, repoField, download);
        downloadRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(repoField, Priority.ALWAYS);

        var cacheLabel = new Label();
        cacheLabel.getStyleClass().add("page-subtitle");
        cacheLabel.textProperty().bind(i18n.text("models.cacheAt", catalog.cacheFolder()));
        message.setId("models-message");
        message.setWrapText(true);

        var memoryTitle = new Label();
        memoryTitle.textProperty().bind(i18n.text("memory.title"));
        memoryTitle.getStyleClass().add("page-subtitle");
        var top = new VBox(6, title(), cacheLabel, memoryTitle,
                MemoryInUse.perModel(i18n, br.lncc.llm.session.ModelSessions.app()));
        var bottom = new VBox(8, actions, downloadRow, message, new TaskArea(ctx.tasks(), i18n));
        var root = new BorderPane(table, top, null, bottom, null);
        BorderPane.setMargin(table, new Insets(8, 0, 8, 0));
        root.getStyleClass().add("page");
        root.setId("models-root");
        var scene = new Scene(root, 980, 560);
        if (ctx.owner() != null && ctx.owner().getScene() != null) {
            // Same theme, high-contrast state and presenter font size as the main window.
            scene.getStylesheets().setAll(ctx.owner().getScene().getStylesheets());
            ctx.owner().getScene().getStylesheets().addListener((javafx.collections.ListChangeListener<String>) c ->
                    scene.getStylesheets().setAll(ctx.owner().getScene().getStylesheets()));
            root.styleProperty().bind(ctx.owner().getScene().getRoot().styleProperty());
            stage.initOwner(ctx.owner());
        }
        stage.setScene(scene);
        stage.titleProperty().bind(i18n.text("models.title"));
    }

    public void show() {
        stage.show();
        stage.toFront();
        refresh();
    }

    public Stage stage() {
        return stage;
    }

    /** Reloads the list in the background (sizes walk the cache folders, which can be large). */
    public void refresh() {
        ctx.tasks().run(i18n.get("models.task.list"), sink -> catalog.list(), this::showEntries);
    }

    void showEntries(List<ModelEntry> entries) {
        table.getItems().setAll(entries);
        ((Label) table.getPlaceholder()).textProperty().bind(i18n.text("models.empty"));
    }

    public List<ModelEntry> entries() {
        return List.copyOf(table.getItems());
    }

    /** Imports a folder (the directory chooser's choice) after checking it can be loaded. */
    public void importFolder(Path folder) {
        ctx.tasks().run(i18n.get("models.task.import", folder.getFileName()), sink -> catalog.importFolder(folder), entry -> {
            message.setText(i18n.get("models.imported", entry.id()));
            refresh();
        });
    }

    private void chooseFolder() {
        var chooser = new DirectoryChooser();
        chooser.setTitle(i18n.get("models.import"));
        File dir = chooser.showDialog(stage);
        if (dir != null) importFolder(dir.toPath());
    }

    /** Starts the Hub download of the id in the text field. */
    public void startDownload() {
        String id = repoField.getText().trim();
        if (id.isEmpty()) return;
        if (!HubClient.isValidRepoId(id)) {
            message.setText(i18n.get("models.download.invalid", id));
            return;
        }
        message.setText("");
        repoField.setDisable(true);
        ctx.tasks().run(i18n.get("models.task.download", id), ProgressUnit.BYTES,
                sink -> hub.download(id, "main", sink),
                result -> {
                    message.setText(i18n.get("models.downloaded", id, result.snapshot()));
                    refresh();
                },
                () -> repoField.setDisable(false));
    }

    /** Asks where to save, then measures the selected model and writes its Markdown card (Cap. 9.2.1). */
    private void writeCard() {
        ModelEntry entry = table.getSelectionModel().getSelectedItem();
        if (entry == null) return;
        var chooser = new javafx.stage.FileChooser();
        chooser.setTitle(i18n.get("serve.card.button"));
        chooser.setInitialFileName(entry.id().replace('/', '_') + "-card.md");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Markdown", "*.md"));
        File file = chooser.showSaveDialog(stage);
        if (file != null) writeCard(entry, file.toPath());
    }

    /** Measures {@code entry} in the background and writes its card to {@code file}. */
    public void writeCard(ModelEntry entry, Path file) {
        var locale = i18n.getLocale();
        ctx.tasks().run(i18n.get("serve.card.task", entry.id()), sink -> {
            var facts = br.lncc.llm.lesson.ch09.ModelCardLab.collect(entry.id(), entry.path(), true, null, sink);
            Files.writeString(file, br.lncc.llm.lesson.ch09.ModelCardMarkdown.render(facts, locale));
            return file;
        }, written -> message.setText(i18n.get("serve.card.written", written)));
    }

    public TextField repoField() {
        return repoField;
    }

    private void openCacheFolder() {
        Path folder = catalog.cacheFolder();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            ErrorDialog.show(stage, i18n, i18n.get("models.openCache.failed", folder), e);
            return;
        }
        if (ctx.hostServices() != null) {
            ctx.hostServices().showDocument(folder.toUri().toString());
            message.setText(i18n.get("models.openCache.opened", folder));
            return;
        }
        // No Application (tests, embedding): AWT's Desktop is the fallback.
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && java.awt.Desktop.isDesktopSupported()) {
                java.awt.Desktop.getDesktop().open(folder.toFile());
                message.setText(i18n.get("models.openCache.opened", folder));
                return;
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot open {}", folder, e);
        }
        message.setText(i18n.get("models.openCache.manual", folder));
    }

    private Label title() {
        var t = new Label();
        t.getStyleClass().add("page-title");
        t.textProperty().bind(i18n.text("models.title"));
        return t;
    }

    private Button button(String key, String id, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        var b = new Button();
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(action);
        return b;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <V> TableColumn<ModelEntry, Object> column(String key, Function<ModelEntry, ObservableValue<V>> value, double width) {
        var col = new TableColumn<ModelEntry, Object>();
        col.textProperty().bind(i18n.text(key));
        col.setCellValueFactory(cd -> (ObservableValue) value.apply(cd.getValue()));
        col.setPrefWidth(width);
        return col;
    }
}
