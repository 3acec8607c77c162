package br.lncc.llm.ui.ch04;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch04.Practice1;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.ErrorDialog;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atividade prática 1 (Cap. 4.15) as a guided activity: each part runs the book's settings on the
 * loaded model and keeps the real outputs; the student answers beside them; answers are saved as
 * they are typed (nothing is lost on close) and everything exports as Markdown evidence.
 */
public final class Practice1View extends ScrollPane {
    private static final Logger log = LoggerFactory.getLogger(Practice1View.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PageContext ctx;
    private final I18n i18n;
    private final Path answersFile;
    /** Concurrent: the record's background task copies it while the student may still be typing. */
    private final Map<String, String> answers = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final br.lncc.llm.ui.widget.RecordExport record;
    private final Map<String, List<Practice1.Output>> outputs = new LinkedHashMap<>();
    private final Map<String, TextArea> answerAreas = new LinkedHashMap<>();
    private final Spinner<Integer> tokens = new Spinner<>(8, 400, 80, 8);
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 42);
    private final Label modelLine = new Label();
    private final br.lncc.llm.ui.LabInUse<GenerationLab> shared = LabModel.inUse();

    public Practice1View(PageContext ctx) {
        this(ctx, AppDirs.results().resolve("atividade-pratica-1.json"));
    }

    Practice1View(PageContext ctx, Path answersFile) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.answersFile = answersFile;
        this.record = new br.lncc.llm.ui.widget.RecordExport(ctx, "atividade-pratica-1-registro");
        loadAnswers();
        var box = new VBox(10);
        box.getStyleClass().add("page");
        var title = bound(new Label(), "gen.practice.title");
        title.getStyleClass().add("page-title");
        var intro = bound(new Label(), "gen.practice.intro");
        intro.setWrapText(true);
        tokens.setEditable(true);
        seed.setEditable(true);
        var export = bound(new Button(), "gen.practice.export");
        export.setOnAction(e -> exportMarkdown());
        // Each caption stays beside its spinner; at presenter scale the export button takes a second row.
        record.setId("practice1-record");
        var settings = new javafx.scene.layout.FlowPane(16, 6, captioned("gen.maxTokens", tokens),
                captioned("gen.seed", seed), fixed(export), record);
        settings.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        shared.property().addListener((o, a, b) -> showModel(b));
        showModel(shared.get());
        if (shared.get() == null) loadCourseModel();
        box.getChildren().addAll(title, intro, modelLine, settings);
        for (Practice1.Part part : Practice1.PARTS) box.getChildren().add(partPane(part));
        setContent(box);
        setFitToWidth(true);
    }

    private HBox captioned(String key, javafx.scene.Node field) {
        var row = new HBox(8, fixed(bound(new Label(), key)), field);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    private static <T extends javafx.scene.layout.Region> T fixed(T node) {
        node.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return node;
    }

    /** The lab this page works on now, as its property has it (FX thread). */
    GenerationLab lab() {
        return shared.property().get();
    }

    /** Opened directly (4.8 never visited): the course model, as 4.8 loads it, unless one is picked meanwhile. */
    private void loadCourseModel() {
        ctx.tasks().run(i18n.get("gen.model.loading", GenerationLab.COURSE_MODEL_NAME), sink -> GenerationLab.course(), lab -> {
            shared.setIfEmpty(lab);
        });
    }

    /** The line that names the model in use (tests read it). */
    String modelLine() {
        return modelLine.getText();
    }

    private <T extends javafx.scene.control.Labeled> T bound(T node, String key) {
        node.textProperty().bind(i18n.text(key));
        return node;
    }

    private void showModel(GenerationLab lab) {
        i18n.show(modelLine.textProperty(), () -> {
            String text = lab == null ? i18n.get("gen.practice.noModel") : i18n.get("gen.practice.model", lab.model().name());
            if (lab != null && lab.randomWeights()) text += "\n" + i18n.get("gen.model.tinyNote");
            if (lab != null && lab.courseModel()) text += "\n" + br.lncc.llm.ui.CourseModelNote.text(i18n) + "\n" + i18n.get("gen.practice.coursePrompt");
            return text;
        });
        modelLine.setWrapText(true);
    }

    private TitledPane partPane(Practice1.Part part) {
        var content = new VBox(6);
        var evidence = new TextArea();
        evidence.setEditable(false);
        evidence.setWrapText(true);
        evidence.setPrefRowCount(part.runs().isEmpty() ? 3 : 8);
        if (part.runs().isEmpty()) {
            double rep4 = br.lncc.llm.lesson.Repetition.repetitionRate(Practice1.PART_D_TEXT, 4);
            double distinct2 = br.lncc.llm.lesson.Repetition.distinct(Practice1.PART_D_TEXT, 2);
            i18n.show(evidence.textProperty(), () -> Practice1.PART_D_TEXT + "\n\n"
                    + br.lncc.llm.ui.I18n.display("rep-4 = %.3f · distinct-2 = %.3f", rep4, distinct2));
            content.getChildren().add(evidence);
        } else {
            var run = new Button();
            run.textProperty().bind(i18n.text("gen.practice.run", part.id()));
            // The part's questions cannot be answered from a model that learned nothing: say so beside the evidence.
            var note = br.lncc.llm.ui.RandomWeightsNote.create("practice-random-note-" + part.id());
            run.setOnAction(e -> {
                GenerationLab lab = shared.get();
                if (lab == null) {
                    i18n.show(evidence.textProperty(), () -> i18n.get("gen.practice.noModel"));
                    return;
                }
                int n = tokens.getValue();
                long s = seed.getValue();
                run.setDisable(true);
                ctx.tasks().run(i18n.get("gen.practice.run", part.id()), sink -> Practice1.run(lab, part, n, s, sink), outs -> {
                    outputs.put(part.id(), outs);
                    i18n.show(evidence.textProperty(), () -> describe(outs));
                    // The record keeps the runs as they are now and the answers as they are when it is saved.
                    var runs = Map.copyOf(outputs);
                    record.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.practice1(lab, runs, Map.copyOf(answers), locale));
                }, () -> run.setDisable(false));
            });
            content.getChildren().addAll(run, evidence);
        }
        for (var q : part.questions().entrySet()) {
            var question = new Label(q.getKey() + "  " + q.getValue());
            question.setWrapText(true);
            // The book's own activity question, quoted as printed (Portuguese in both languages).
            question.getStyleClass().add("book-text");
            var area = new TextArea(answers.getOrDefault(q.getKey(), ""));
            area.setWrapText(true);
            area.setPrefRowCount(2);
            area.textProperty().addListener((o, a, b) -> {
                answers.put(q.getKey(), b);
                saveAnswers();
            });
            answerAreas.put(q.getKey(), area);
            content.getChildren().addAll(question, area);
        }
        var pane = new TitledPane(part.title(), content);
        pane.getStyleClass().add("book-text"); // the book's part title, as printed
        pane.setExpanded(true);
        return pane;
    }

    private String describe(List<Practice1.Output> outs) {
        var sb = new StringBuilder();
        for (var o : outs) {
            sb.append(i18n.get("gen.practice.runLine", o.run().id(), br.lncc.llm.ui.I18n.display("%.1f", o.run().temperature()),
                    br.lncc.llm.ui.I18n.display("%.1f", o.run().topP()), String.valueOf(o.seed()),
                    br.lncc.llm.ui.I18n.display("%.3f", o.rep4()), br.lncc.llm.ui.I18n.display("%.3f", o.distinct2())))
                    .append('\n').append(o.text()).append("\n\n");
        }
        return sb.toString();
    }

    private void loadAnswers() {
        if (!Files.exists(answersFile)) return;
        try {
            answers.putAll(JSON.readValue(answersFile.toFile(), new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            log.warn("answers file {} unreadable; starting empty", answersFile, e);
            ctx.status().accept(i18n.get("gen.practice.answersUnreadable", answersFile));
        }
    }

    private void saveAnswers() {
        try {
            Files.createDirectories(answersFile.getParent());
            Path tmp = answersFile.resolveSibling(answersFile.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), answers);
            Files.move(tmp, answersFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("could not save answers to {}", answersFile, e);
            ctx.status().accept(i18n.get("gen.practice.saveFailed", answersFile));
        }
    }

    /** The Markdown the export writes (answers and real outputs). */
    public String markdown() {
        GenerationLab lab = shared.get();
        return Practice1.toMarkdown(i18n.getLocale(), lab == null ? "—" : lab.model().name(), outputs, answers);
    }

    private void exportMarkdown() {
        var chooser = new FileChooser();
        chooser.setInitialFileName("atividade-pratica-1.md");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Markdown", "*.md"));
        File f = chooser.showSaveDialog(ctx.owner());
        if (f == null) return;
        try {
            Files.writeString(f.toPath(), markdown(), StandardCharsets.UTF_8);
            ctx.status().accept(i18n.get("export.saved", f));
        } catch (IOException e) {
            ErrorDialog.show(ctx.owner(), i18n, i18n.get("export.failed", f), e);
        }
    }

    /** For tests: type an answer as the student would. */
    void answer(String questionId, String text) {
        answerAreas.get(questionId).setText(text);
    }
}
