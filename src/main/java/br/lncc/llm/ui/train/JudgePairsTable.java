package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.ch08.JudgeFragility.Answer;
import br.lncc.llm.lesson.ch08.JudgeFragility.Pair;
import br.lncc.llm.ui.I18n;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.ComboBoxTableCell;

/** The answer pairs, editable cell by cell; read back as validated {@link Pair}s when the judge runs. */
final class JudgePairsTable extends TableView<JudgePairsTable.Editable> {

    static final class Editable {
        final StringProperty question = new SimpleStringProperty("");
        final StringProperty answerA = new SimpleStringProperty("");
        final StringProperty answerB = new SimpleStringProperty("");
        final StringProperty correct = new SimpleStringProperty("a");

        static Editable of(Pair p) {
            var e = new Editable();
            e.question.set(p.question());
            e.answerA.set(p.answerA());
            e.answerB.set(p.answerB());
            e.correct.set(p.correct().code());
            return e;
        }
    }

    JudgePairsTable(I18n i18n) {
        setId("judge-pairs");
        setEditable(true);
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY);
        getColumns().add(text(i18n, "judge.col.question", e -> e.question, 180));
        getColumns().add(text(i18n, "judge.col.answerA", e -> e.answerA, 200));
        getColumns().add(text(i18n, "judge.col.answerB", e -> e.answerB, 200));
        var correct = new TableColumn<Editable, String>();
        correct.textProperty().bind(i18n.text("judge.col.correct"));
        correct.setCellValueFactory(d -> d.getValue().correct);
        correct.setCellFactory(ComboBoxTableCell.forTableColumn("a", "b"));
        correct.setMinWidth(70);
        correct.setMaxWidth(80);
        getColumns().add(correct);
        setPrefHeight(320);
    }

    private static TableColumn<Editable, String> text(I18n i18n, String key,
            java.util.function.Function<Editable, StringProperty> field, double width) {
        var col = new TableColumn<Editable, String>();
        col.textProperty().bind(i18n.text(key));
        col.setCellValueFactory(d -> field.apply(d.getValue()));
        // Answers are sentences: wrapped, not "Saturno, com seus a…" (a judge's input must be read whole).
        col.setCellFactory(br.lncc.llm.ui.widget.FittedTable.wrappingEditableCells());
        col.setPrefWidth(width);
        return col;
    }

    void setPairs(List<Pair> pairs) {
        setItems(FXCollections.observableArrayList(pairs.stream().map(Editable::of).toList()));
    }

    void addEmpty() {
        var e = new Editable();
        getItems().add(e);
        getSelectionModel().select(e);
        scrollTo(e);
    }

    void removeSelected() {
        var e = getSelectionModel().getSelectedItem();
        if (e != null) getItems().remove(e);
    }

    /** The rows as pairs; a bad row is named by its number ("par 3: …"). */
    List<Pair> pairs() {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < getItems().size(); i++) {
            Editable e = getItems().get(i);
            try {
                out.add(new Pair(e.question.get(), e.answerA.get(), e.answerB.get(),
                        "b".equals(e.correct.get()) ? Answer.B : Answer.A));
            } catch (LessonInputException ex) {
                throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.pairRow", i + 1, ex.text()), ex.detail());
            }
        }
        if (out.isEmpty()) throw new LessonInputException("não há pares de respostas para julgar", "");
        return out;
    }
}
