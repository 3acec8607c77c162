package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch08.JudgeSummary;
import br.lncc.llm.ui.I18n;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

/**
 * The judge's fragility as horizontal bars on a 0–1 scale: the rate as a bar, its Wilson 95%
 * interval as a whisker, and a tick at 0.5 (a coin's flip rate; no positional bias).
 */
final class RateBars extends GridPane {
    static final double WIDTH = 240;
    private static final double HEIGHT = 18;
    private final I18n i18n;

    RateBars(I18n i18n) {
        this.i18n = i18n;
        setHgap(10);
        setVgap(6);
        getStyleClass().add("judge-bars");
        // Redrawn in the new language when the user switches it.
        i18n.localeProperty().addListener((o, a, b) -> {
            if (shown != null) show(shown);
        });
    }

    private JudgeSummary shown;

    void show(JudgeSummary s) {
        shown = s;
        getChildren().clear();
        row(0, i18n.get("judge.rate.position"), s.positionFlip(), "judge-bar-position");
        row(1, i18n.get("judge.rate.wording"), s.wordingFlip(), "judge-bar-wording");
        row(2, i18n.get("judge.rate.first"), s.firstPosition(), "judge-bar-first");
        row(3, i18n.get("judge.rate.accuracy"), s.accuracy(), "judge-bar-accuracy");
        if (s.byWording().isEmpty()) return;
        var heading = new Label(i18n.get("judge.byWording"));
        heading.setWrapText(true);
        add(heading, 0, 4, 3, 1);
        int r = 5;
        for (var w : s.byWording()) {
            var value = row(r++, i18n.get("judge.rate.wordingRow", w.wording()), w.accuracy(), "judge-bar-wording-" + w.wording());
            value.setText(value.getText() + i18n.get("judge.rate.firstShort",
                    Integer.toString(w.firstPosition().count()), Integer.toString(w.firstPosition().total())));
        }
    }

    /** One bar; returns its value label. */
    private Label row(int r, String title, JudgeSummary.Rate rate, String id) {
        var name = new Label(title);
        name.setWrapText(true);
        name.setMinWidth(170);
        name.setMaxWidth(230);
        var track = new Pane();
        track.setId(id);
        track.getStyleClass().add("judge-bar-track");
        track.setMinSize(WIDTH, HEIGHT);
        track.setPrefSize(WIDTH, HEIGHT);
        track.setMaxSize(WIDTH, HEIGHT);
        var half = new Line(WIDTH / 2, 0, WIDTH / 2, HEIGHT);
        half.getStyleClass().add("judge-bar-half");
        track.getChildren().add(half);
        String value;
        if (rate.total() == 0) {
            value = i18n.get("judge.rate.none");
        } else {
            var ci = rate.interval();
            var bar = new Rectangle(0, 4, WIDTH * rate.rate(), HEIGHT - 8);
            bar.getStyleClass().add("judge-bar-fill");
            double y = HEIGHT / 2;
            var whisker = new Line(WIDTH * ci.low(), y, WIDTH * ci.high(), y);
            var lowCap = new Line(WIDTH * ci.low(), 2, WIDTH * ci.low(), HEIGHT - 2);
            var highCap = new Line(WIDTH * ci.high(), 2, WIDTH * ci.high(), HEIGHT - 2);
            for (Line l : new Line[] {whisker, lowCap, highCap}) l.getStyleClass().add("judge-bar-whisker");
            track.getChildren().addAll(bar, whisker, lowCap, highCap);
            value = i18n.get("judge.rate.value", Integer.toString(rate.count()), Integer.toString(rate.total()), percent(rate.rate()), percent(ci.low()),
                    percent(ci.high()));
        }
        var text = new Label(value);
        // Wraps rather than clips when the page is narrow (beside the table of contents).
        text.setWrapText(true);
        text.setMinWidth(200);
        text.setId(id + "-value");
        addRow(r, name, track, text);
        return text;
    }

    private String percent(double v) {
        return String.format(i18n.getLocale(), "%.0f%%", 100 * v);
    }
}
