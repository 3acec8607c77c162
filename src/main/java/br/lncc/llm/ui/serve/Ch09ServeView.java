package br.lncc.llm.ui.serve;

import br.lncc.llm.lesson.ch09.ServeLab;
import br.lncc.llm.serve.ClientSnippets;
import br.lncc.llm.serve.RequestLogEntry;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Cap. 9: the OpenAI-compatible server (9.1.1) — start/stop for a chosen model, its URL, client
 * snippets to copy, the live request log, and the "swap the model" demo — plus links to the pages
 * of the other Cap. 9 sections. Views only render and collect input: {@link ServeLab} does the work.
 */
public final class Ch09ServeView extends ScrollPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PageContext ctx;
    private final I18n i18n;
    private final ServeLab lab = new ServeLab();
    private final ComboBox<ServeLab.Choice> model = new ComboBox<>();
    private final TextField port = new TextField("8080");
    private final Button start = new Button();
    private final Button stop = new Button();
    private final Button swap = new Button();
    private final Button ask = new Button();
    private final br.lncc.llm.ui.widget.RecordExport record;
    private final Label status = new Label();
    private final TextArea answers = new TextArea();
    private final Label randomNote = br.lncc.llm.ui.RandomWeightsNote.create("serve-random-note");
    private final TabPane snippets = new TabPane();
    private final TableView<RequestLogEntry> log = new TableView<>();

    public Ch09ServeView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("ch09-serve");
        var page = new VBox(10);
        page.getStyleClass().add("page");
        var title = label("serve.title", "page-title");
        var intro = label("serve.intro", null);

        model.setId("serve-model");
        model.setConverter(new StringConverter<>() {
            @Override
            public String toString(ServeLab.Choice c) {
                if (c == null) return "";
                return c instanceof ServeLab.Choice.TinyRandom ? i18n.get("serve.model.tiny") : c.id();
            }

            @Override
            public ServeLab.Choice fromString(String s) {
                return null;
            }
        });
        // The entry stays short (a narrow window cuts long ones); the tooltip says it whole.
        var whole = new javafx.scene.control.Tooltip();
        whole.setWrapText(true);
        whole.setMaxWidth(480);
        whole.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.getValue() == null ? ""
                : model.getValue() instanceof ServeLab.Choice.TinyRandom ? i18n.get("serve.model.tinyLong") : model.getValue().id(),
                model.valueProperty(), i18n.localeProperty()));
        model.setTooltip(whole);
        model.getItems().add(new ServeLab.Choice.TinyRandom());
        model.getSelectionModel().selectFirst();
        ctx.tasks().run(i18n.get("serve.task.list"), sink -> ServeLab.choices(), list -> {
            model.getItems().setAll(list);
            model.getSelectionModel().selectFirst(); // the course model when the app ships it
        });
        port.setId("serve-port");
        port.setPrefColumnCount(6);
        button(start, "serve.start", "serve-start", e -> start());
        button(stop, "serve.stop", "serve-stop", e -> stop());
        button(swap, "serve.swap", "serve-swap", e -> swap());
        button(ask, "serve.ask", "serve-ask", e -> ask());
        record = new br.lncc.llm.ui.widget.RecordExport(ctx, "cap9-swap-record");
        record.button().setId("serve-export");
        status.setId("serve-status");
        status.setWrapText(true);
        var controls = new FlowPane(8, 8, label("serve.model", null), model, label("serve.port", null), port, start, stop, swap);

        answers.setId("serve-answers");
        answers.setEditable(false);
        answers.setPrefRowCount(4);
        answers.setWrapText(true);

        snippets.setId("serve-snippets");
        snippets.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        snippets.setPrefHeight(300);

        log.setId("serve-log");
        log.setPlaceholder(label("serve.log.empty", null));
        br.lncc.llm.ui.widget.FittedTable.fit(log, 8);
        log.getColumns().add(column("serve.log.time", e -> TIME.format(e.time()), 80));
        log.getColumns().add(column("serve.log.request", e -> e.method() + " " + e.path(), 230));
        log.getColumns().add(column("serve.log.status", e -> String.valueOf(e.status()), 60));
        log.getColumns().add(column("serve.log.model", e -> e.model() == null ? "" : e.model(), 160));
        log.getColumns().add(column("serve.log.in", e -> e.promptTokens() < 0 ? "" : String.valueOf(e.promptTokens()), 60));
        log.getColumns().add(column("serve.log.out", e -> e.promptTokens() < 0 ? "" : String.valueOf(e.completionTokens()), 60));
        log.getColumns().add(column("serve.log.ms", e -> br.lncc.llm.ui.I18n.display("%.0f", e.totalMs()), 70));
        log.getColumns().add(column("serve.log.queue", e -> br.lncc.llm.ui.I18n.display("%.0f", e.queuedMs()), 70));
        log.getColumns().add(column("serve.log.tps", e -> Double.isNaN(e.tokensPerSecond()) ? ""
                : br.lncc.llm.ui.I18n.display("%.1f", e.tokensPerSecond()), 70));

        var links = new FlowPane(8, 8, label("serve.links", null), link("serve.link.judge", "8.4"), link("serve.link.dpo", "8.2"),
                link("serve.link.rl", "8.3"), link("serve.link.quant", "6.6"),
                link("serve.link.compress", "9.1.3"));
        page.getChildren().addAll(title, intro, controls, status, label("serve.snippets", "page-subtitle"), snippets,
                label("serve.swapDemo", "page-subtitle"), label("serve.swapDemo.text", null), ask, answers, randomNote, record,
                label("serve.log", "page-subtitle"), log, label("serve.cards", null), links);
        setContent(page);
        setFitToWidth(true);
        i18n.localeProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    private void start() {
        int p;
        try {
            p = Integer.parseInt(port.getText().trim());
            if (p < 0 || p > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            status.setText(i18n.get("serve.port.invalid", port.getText()));
            return;
        }
        var choice = model.getValue();
        start.setDisable(true);
        ctx.tasks().run(i18n.get("serve.task.start", choice.id()),
                sink -> lab.start(choice, p, entry -> Platform.runLater(() -> log.getItems().add(0, entry))),
                url -> refresh(), this::refresh);
    }

    private void stop() {
        lab.stop();
        refresh();
    }

    private void swap() {
        var choice = model.getValue();
        swap.setDisable(true);
        ctx.tasks().run(i18n.get("serve.task.swap", choice.id()), sink -> {
            lab.swap(choice);
            return choice;
        }, c -> refresh(), this::refresh);
    }

    private void ask() {
        ask.setDisable(true);
        ctx.tasks().run(i18n.get("serve.task.ask"), sink -> lab.ask(i18n.get("serve.question"), 40), a -> {
            answers.appendText(i18n.get("serve.answer", a.model(), a.status(), a.completionTokens(),
                    br.lncc.llm.ui.I18n.display("%.0f", a.ms()), a.text()) + "\n");
            // Beside the answers: the tiny model's text is noise, whatever the question.
            if (a.randomWeights()) br.lncc.llm.ui.RandomWeightsNote.show(randomNote, i18n, true, a.model());
            String title = i18n.get("serve.swapDemo");
            record.setSource(locale -> lab.record(title));
        }, this::refresh);
    }

    /** Buttons, status and snippets follow whether the server runs (and the language). */
    private void refresh() {
        boolean running = lab.running();
        start.setDisable(running);
        stop.setDisable(!running);
        swap.setDisable(!running);
        ask.setDisable(!running);
        port.setDisable(running);
        String url = running ? lab.baseUrl() : "http://127.0.0.1:" + port.getText().trim() + "/v1";
        status.setText(running ? i18n.get("serve.status.running", lab.modelId(), url) : i18n.get("serve.status.stopped"));
        String q = i18n.get("serve.question");
        snippets.getTabs().setAll(List.of(snippet("Python (openai)", ClientSnippets.pythonOpenAi(url, null, q, i18n.getLocale())),
                snippet("Python (requests)", ClientSnippets.pythonRequests(url, null, i18n.get("serve.prompt"), i18n.getLocale())),
                snippet("curl", ClientSnippets.curl(url, null, q))));
    }

    private Tab snippet(String name, String code) {
        var area = new TextArea(code);
        area.setEditable(false);
        area.setStyle("-fx-font-family: monospace;");
        var copy = new Button();
        copy.textProperty().bind(i18n.text("serve.copy"));
        copy.setOnAction(e -> {
            var content = new ClipboardContent();
            content.putString(code);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            ctx.status().accept(i18n.get("serve.copied", name));
        });
        var box = new VBox(6, copy, area);
        VBox.setVgrow(area, javafx.scene.layout.Priority.ALWAYS);
        return new Tab(name, box);
    }

    private Label label(String key, String style) {
        var l = new Label();
        l.setWrapText(true);
        l.textProperty().bind(i18n.text(key));
        if (style != null) l.getStyleClass().add(style);
        return l;
    }

    private void button(Button b, String key, String id, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(action);
    }

    private javafx.scene.control.Hyperlink link(String key, String section) {
        var h = new javafx.scene.control.Hyperlink();
        h.textProperty().bind(i18n.text(key));
        h.setOnAction(e -> ctx.navigate().accept(section));
        return h;
    }

    private TableColumn<RequestLogEntry, String> column(String key, Function<RequestLogEntry, String> value, double width) {
        var c = new TableColumn<RequestLogEntry, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(cd -> new SimpleStringProperty(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
