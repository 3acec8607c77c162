package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch08.MiniRl;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 8.3.4 / 8.5.3: the three advantage estimators side by side on the same bandit — how
 * fast the best answer gains mass, how noisy each step is, and when the policy collapses.
 */
public final class Ch08RlView extends ScrollPane {
    private final I18n i18n;
    private final PageContext ctx;
    private final TextField rewards;
    private final TextField noise;
    private final TextField group;
    private final TextField lr;
    private final TextField steps;
    private final TextField seed;
    private final Label message = new Label();
    private final LineChart<Number, Number> bestChart;
    private final LineChart<Number, Number> varianceChart;
    private final Button run = new Button();

    public Ch08RlView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("ch08-rl");
        var page = new VBox(12);
        page.getStyleClass().add("page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("train.rl.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.rl.intro"));
        var ex = MiniRl.Inputs.example(MiniRl.Method.REINFORCE);
        var form = new Form(i18n);
        rewards = form.add("train.rl.rewards", "rl-rewards", "1, 2, 3, 2.5");
        noise = form.add("train.rl.noise", "rl-noise", "" + ex.rewardNoise());
        group = form.add("train.rl.group", "rl-group", "" + ex.groupSize());
        lr = form.add("train.lr", "rl-lr", "" + ex.learningRate());
        steps = form.add("train.steps", "rl-steps", "" + ex.steps());
        seed = form.add("train.ce.seed", "rl-seed", "" + ex.seed());
        run.setId("rl-run");
        run.textProperty().bind(i18n.text("train.run"));
        run.setOnAction(e -> start());
        message.setWrapText(true);
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.setId("rl-message");
        // The long names are the titles; the rotated axis labels stay short so they are never cut
        // ("π(melhor resposta)" was, at 1.0 in pt-BR after Run: ClassroomWalkTest).
        bestChart = Charts.lines(i18n, "train.step", "π");
        bestChart.setId("rl-best-chart");
        bestChart.titleProperty().bind(i18n.text("train.rl.pBest"));
        varianceChart = Charts.lines(i18n, "train.step", "Var");
        varianceChart.titleProperty().bind(i18n.text("train.rl.variance"));
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.rl.note"));
        page.getChildren().addAll(title, intro, Form.withAction(form, run), message, new HBox(12, br.lncc.llm.ui.widget.EmptyChart.afterClicking(bestChart, i18n, run), br.lncc.llm.ui.widget.EmptyChart.afterClicking(varianceChart, i18n, run)), note);
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());
        i18n.localeProperty().addListener((o, a, b) -> {
            if (shown != null) drawCharts(shown);
        });
    }

    private void start() {
        List<MiniRl.Inputs> runs = new ArrayList<>();
        try {
            String[] parts = rewards.getText().split("[;,\\s]+");
            List<Double> values = new ArrayList<>();
            for (String p : parts) {
                if (p.isBlank()) continue;
                var f = new TextField(p);
                values.add(Form.number(f, i18n.get("train.rl.rewards")));
            }
            double[] r = values.stream().mapToDouble(Double::doubleValue).toArray();
            List<String> actions = new ArrayList<>();
            for (int i = 0; i < r.length; i++) actions.add(String.valueOf((char) ('A' + i)));
            for (var m : MiniRl.Method.values()) {
                runs.add(new MiniRl.Inputs(actions, r, Form.number(noise, "noise"), m, Form.integer(group, "G"),
                        Form.number(lr, "lr"), Form.integer(steps, "steps"), Form.integer(seed, "seed")));
            }
        } catch (IllegalArgumentException e) {
            i18n.show(message.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
            // The charts of the last run would read as the answer to the new (invalid) settings.
            shown = null;
            bestChart.getData().clear();
            varianceChart.getData().clear();
            return;
        }
        run.setDisable(true);
        ctx.tasks().run(i18n.get("train.rl.task"), sink -> {
            Map<MiniRl.Method, MiniRl.Result> out = new EnumMap<>(MiniRl.Method.class);
            Map<MiniRl.Method, Double> variance = new EnumMap<>(MiniRl.Method.class);
            var first = runs.get(0);
            for (var in : runs) {
                sink.checkCancelled();
                out.put(in.method(), MiniRl.run(in, sink));
                variance.put(in.method(), MiniRl.estimatorVariance(new double[in.actions().size()], in.meanRewards(),
                        in.rewardNoise(), in.method(), in.groupSize(), 5000, first.seed()));
            }
            return new Outcome(out, variance);
        }, this::show, () -> run.setDisable(false));
    }

    private record Outcome(Map<MiniRl.Method, MiniRl.Result> results, Map<MiniRl.Method, Double> uniformVariance) {}

    /** The last outcome: drawn again, not computed again, when the language changes. */
    private Outcome shown;

    private void show(Outcome o) {
        shown = o;
        drawCharts(o);
        i18n.show(message.textProperty(), () -> summary(o));
    }

    /** The curves, named in the language of the moment. */
    private void drawCharts(Outcome o) {
        bestChart.getData().clear();
        varianceChart.getData().clear();
        for (var e : o.results().entrySet()) {
            var r = e.getValue();
            int best = r.inputs().bestAction();
            String name = i18n.get("train.rl.method." + e.getKey().name());
            bestChart.getData().add(Charts.series(name, r.steps(), MiniRl.Step::step, s -> s.probabilities()[best]));
            varianceChart.getData().add(Charts.series(name, r.steps(), MiniRl.Step::step, MiniRl.Step::gradientVariance));
        }
    }

    private String summary(Outcome o) {
        var text = new StringBuilder();
        for (var e : o.results().entrySet()) {
            var r = e.getValue();
            int best = r.inputs().bestAction();
            String name = i18n.get("train.rl.method." + e.getKey().name());
            text.append(i18n.get("train.rl.summary", name,
                    String.format(i18n.getLocale(), "%.3f", r.finalProbabilities()[best]),
                    String.format(i18n.getLocale(), "%.4f", o.uniformVariance().get(e.getKey())),
                    String.format(i18n.getLocale(), "%.4f", r.meanGradientVariance()),
                    r.collapseStep(0.99) < 0 ? "—" : String.valueOf(r.collapseStep(0.99)))).append('\n');
        }
        return text.toString().trim();
    }
}
