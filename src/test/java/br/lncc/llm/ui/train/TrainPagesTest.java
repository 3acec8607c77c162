package br.lncc.llm.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import br.lncc.llm.train.TrainingMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Cap. 6–8 pages headless: they open, show the book's numbers, react to edits and run their tasks. */
class TrainPagesTest {
    private static Stage stage;
    private static final I18n i18n = new I18n(I18n.PT_BR);

    @BeforeAll
    static void toolkit() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        // The first page built in a JVM loads JavaFX's controls, CSS and the labs' classes: over 10 s
        // at load 20 on 2 cores (cap6And7… and fp16… each timed out in show() when run first). Paid once
        // here, so each test's 10 s bound measures its page, not the JVM warming up.
        WaitForAsyncUtils.asyncFx(() -> {
            var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> stage, s -> {}), stage, s -> {}, null);
            var root = new StackPane(new TrainingLabView(ctx, TrainingMethod.LORA));
            new Scene(root, 1200, 800);
            root.applyCss();
            root.layout();
            return null;
        }).get(120, TimeUnit.SECONDS);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static <T extends Node> T show(Function<PageContext, T> page) throws Exception {
        return fx(() -> {
            var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> stage, s -> {}), stage, s -> {}, null);
            T node = page.apply(ctx);
            var root = new StackPane(node);
            stage.setScene(new Scene(root, 1200, 800));
            stage.show();
            // Scroll panes reach their content only through their skins: build them now, not at the next pulse.
            root.applyCss();
            root.layout();
            // These tests were written for the tiny random GPT-2 (64 dims): pick it instead of the course model default.
            if (root.lookup("#train-model") instanceof javafx.scene.control.ComboBox<?> c) {
                @SuppressWarnings("unchecked")
                var combo = (javafx.scene.control.ComboBox<br.lncc.llm.lesson.LabModelSource>) c;
                if (!keepDefaultModel) {
                    combo.getItems().stream().filter(x -> x instanceof br.lncc.llm.lesson.LabModelSource.Tiny).findFirst()
                            .ifPresent(x -> combo.getSelectionModel().select(x));
                }
            }
            return node;
        });
    }

    private static boolean keepDefaultModel;

    @Test
    void cap6And7LabsStartOnTheCourseModelAndSayItIsNotGpt2() throws Exception {
        keepDefaultModel = true;
        try {
            var lab = show(ctx -> new TrainingLabView(ctx, TrainingMethod.LORA));
            var combo = (javafx.scene.control.ComboBox<?>) lab.lookup("#train-model");
            assertTrue(fx(() -> combo.getValue()) instanceof br.lncc.llm.lesson.LabModelSource.Course);
            String note = fx(() -> text(lab, "train-model-note"));
            assertTrue(note.contains("não é o GPT-2") && note.contains("parâmetros"), note);
            var q = show(Ch06QuantizationView::new);
            assertTrue(fx(() -> ((javafx.scene.control.ComboBox<?>) q.lookup("#train-model")).getValue())
                    instanceof br.lncc.llm.lesson.LabModelSource.Course);
            // The course model only read Portuguese: 6.5 prompts it with its own prompt, GPT-2 with the book's.
            var prompt = (TextField) q.lookup("#quant-prompt");
            assertEquals("Para instalar o programa", fx(prompt::getText));
            fx(() -> {
                @SuppressWarnings("unchecked")
                var c = (javafx.scene.control.ComboBox<br.lncc.llm.lesson.LabModelSource>) q.lookup("#train-model");
                c.getSelectionModel().select(new br.lncc.llm.lesson.LabModelSource.Tiny(42));
                return null;
            });
            assertEquals(Ch06QuantizationView.BOOK_PROMPT, fx(prompt::getText));
        } finally {
            keepDefaultModel = false;
        }
    }

    private static String text(Node root, String id) {
        return ((Label) root.lookup("#" + id)).getText();
    }

    private static String allText(Node root) {
        var sb = new StringBuilder();
        root.lookupAll(".label").forEach(n -> sb.append(((Label) n).getText()).append('\n'));
        return sb.toString();
    }

    @Test
    void quantizationPagesModelPickerKeepsItsEntryWholeAtPresenterScale() throws Exception {
        keepDefaultModel = true;
        try {
            var q = show(Ch06QuantizationView::new);
            double[] w = fx(() -> {
                var root = (javafx.scene.Parent) stage.getScene().getRoot();
                root.setStyle("-fx-font-size: 19.5px;"); // 1.5 × 13 px, presenter scale
                root.applyCss();
                ((javafx.scene.layout.Region) root).resize(900, 800);
                root.layout();
                var combo = (javafx.scene.control.ComboBox<?>) q.lookup("#train-model");
                var picker = combo.getParent().getParent();
                var row = (javafx.scene.layout.Region) combo.getParent();
                return new double[] {combo.getWidth(), Math.min(combo.prefWidth(-1), row.getWidth()),
                        combo.localToScene(combo.getLayoutBounds()).getMaxX(), picker.localToScene(picker.getLayoutBounds()).getMaxX()};
            });
            assertTrue(w[0] >= w[1] - 0.5, "the combo gets the width its entry needs (or the whole row): " + w[0] + " < " + w[1]);
            assertTrue(w[2] <= w[3] + 0.5, "and the row wraps rather than running off the page: " + w[2] + " > " + w[3]);
        } finally {
            keepDefaultModel = false;
        }
    }

    @Test
    void proofPageWalksTheBooksStepsAndRecomputesOnEdit() throws Exception {
        var view = show(Ch07ProofView::new);
        String forward = fx(() -> allText(view.lookup("#proof-step-box")));
        assertTrue(forward.contains("0,1000") && forward.contains("−0,1000"), forward);
        assertTrue(fx(() -> text(view, "proof-book-note")).startsWith("Livro (7.4.2)"));
        String softmax = fx(() -> {
            ((Button) view.lookup("#proof-next")).fire();
            return allText(view.lookup("#proof-step-box"));
        });
        assertTrue(softmax.contains("0,3672") && softmax.contains("0,3322") && softmax.contains("0,3006"), softmax);
        String qlora = fx(() -> {
            ((javafx.scene.control.ToggleButton) view.lookup("#proof-step-qlora")).fire();
            return allText(view.lookup("#proof-step-box"));
        });
        assertTrue(qlora.contains("0,028571") && qlora.contains("0,171429") && qlora.contains("0,008145"), qlora);

        // A negative learning rate climbs the gradient: the verdict says so and the book notes disappear.
        String verdict = fx(() -> {
            ((TextField) view.lookup("#proof-eta")).setText("-0.1");
            ((javafx.scene.control.ToggleButton) view.lookup("#proof-step-check")).fire();
            return text(view, "proof-verdict");
        });
        assertTrue(verdict.contains("NÃO"), verdict);
        assertTrue(fx(() -> view.lookup("#proof-book-note") == null));

        String error = fx(() -> {
            ((TextField) view.lookup("#proof-y")).setText("4");
            return text(view, "proof-error");
        });
        assertTrue(error.contains("fora do vocabulário"), error);
        fx(() -> {
            ((Button) view.lookup("#proof-book")).fire();
            return null;
        });
        assertEquals("", fx(() -> text(view, "proof-error")));
    }

    @Test
    void crossEntropyPageRunsInTheBackground() throws Exception {
        var view = show(Ch06CrossEntropyView::new);
        fx(() -> {
            ((TextField) view.lookup("#ce-batch")).setText("1");
            ((TextField) view.lookup("#ce-seq")).setText("16");
            ((Button) view.lookup("#ce-run")).fire();
            return null;
        });
        String summary = waitForText(view, "ce-summary");
        assertTrue(summary.contains("10,8249") || summary.contains("10.8249"), summary);
        // The histogram counts tokens: its axes say so in the page's language, with whole ticks only.
        var count = (javafx.scene.chart.NumberAxis) view.lookup("#ce-axis-count");
        assertEquals("tokens", fx(count::getLabel));
        assertEquals("perda (nats)", fx(() -> ((javafx.scene.chart.Axis<?>) view.lookup("#ce-axis-loss")).getLabel()));
        assertFalse(fx(count::isAutoRanging), "ranged by DiscreteAxis once the bars are in");
        double unit = fx(count::getTickUnit);
        assertEquals(Math.rint(unit), unit, 0.0, "whole tick unit: " + unit);
    }

    @Test
    void dpoAndRlPagesRunTheirToys() throws Exception {
        var dpo = show(Ch08DpoView::new);
        fx(() -> {
            ((TextField) dpo.lookup("#dpo-steps")).setText("40");
            ((Button) dpo.lookup("#dpo-run")).fire();
            return null;
        });
        String dpoSummary = waitForText(dpo, "dpo-message");
        assertTrue(dpoSummary.startsWith("Perda final"), dpoSummary);
        assertTrue(dpoSummary.matches("(?s).*KL \\d+,\\d{4}\\.$"), "the held-out list ends with a period, not '; ': " + dpoSummary);
        var rl = show(Ch08RlView::new);
        fx(() -> {
            ((TextField) rl.lookup("#rl-steps")).setText("50");
            ((Button) rl.lookup("#rl-run")).fire();
            return null;
        });
        String rlText = waitForText(rl, "rl-message");
        assertTrue(rlText.contains("REINFORCE + baseline"), rlText);
        // The rotated axis label stays short (it was cut at 1.0 in pt-BR); the words are the chart's title.
        var best = (javafx.scene.chart.XYChart<?, ?>) rl.lookup("#rl-best-chart");
        assertEquals("π", fx(() -> best.getYAxis().getLabel()));
        assertEquals("π(melhor resposta)", fx(best::getTitle));
        String bad = fx(() -> {
            ((TextField) rl.lookup("#rl-rewards")).setText("1, x");
            ((Button) rl.lookup("#rl-run")).fire();
            return text(rl, "rl-message");
        });
        assertTrue(bad.startsWith("Entrada inválida"), bad);
        // 8.3: the message names the field as the page labels it, and the old curves go away
        String badSteps = fx(() -> {
            ((TextField) rl.lookup("#rl-rewards")).setText("1, 2, 3, 2.5");
            ((TextField) rl.lookup("#rl-steps")).setText("abc");
            ((Button) rl.lookup("#rl-run")).fire();
            return text(rl, "rl-message");
        });
        assertEquals("Entrada inválida: Passos: \"abc\" não é um número", badSteps);
        assertTrue(fx(() -> rl.lookupAll(".chart-series-line").isEmpty()), "old curves stay on screen");
    }

    @Test
    void trainingLabRunsAllThreeMethodsOnTheTinyGpt2() throws Exception {
        var lab = show(ctx -> new TrainingLabView(ctx, null));
        assertTrue(fx(() -> lab.lookup("#fp16-pane") != null), "7.9's FP16 study sits in the lab");
        String peft = fx(() -> text(lab, "lab-peft-line"));
        assertTrue(peft.contains("trainable params: 11,264"), peft); // 2 × (8·(64+192) + 8·(64+64) + 8·(256+64))
        fx(() -> {
            ((TextField) lab.lookup("#lab-steps")).setText("2");
            ((TextField) lab.lookup("#lab-tokens")).setText("3");
            ((Button) lab.lookup("#lab-run")).fire();
            return null;
        });
        var results = (javafx.scene.layout.GridPane) lab.lookup("#lab-results");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end && fx(() -> results.getChildren().size()) < 7 + 3 * 8) Thread.sleep(100);
        assertEquals(7 + 3 * 8, (int) fx(() -> results.getChildren().size()), "header + SFT, LoRA, QLoRA: numbers and output rows");
        // Each output sits on a row of its own across the table, inside the page's width (7.10 ran past the edge).
        var after = (Label) lab.lookup("#lab-after-2");
        assertTrue(fx(after::getText).startsWith("saída depois: "), fx(after::getText));
        assertEquals(7, (int) fx(() -> GridPane.getColumnSpan(after)));
        assertTrue(fx(() -> after.getWidth() <= results.getWidth()), "the output wraps inside the table");
        assertTrue(fx(() -> text(lab, "lab-before")).startsWith("Antes do treino"));
        assertTrue(fx(() -> text(lab, "lab-random-note")).contains("PESOS ALEATÓRIOS"), "the tiny model's results say so");
        assertTrue(fx(() -> text(lab, "train-model-note")).startsWith("Pesos aleatórios"), "and so does the picker");
        var chart = (javafx.scene.chart.LineChart<?, ?>) lab.lookup(".chart");
        assertEquals(3, (int) fx(() -> chart.getData().size()));
        assertFalse(fx(() -> lab.lookup("#lab-save").isDisabled()));
        String sv = fx(() -> text(lab, "lab-delta-values"));
        assertTrue(sv.contains("192 × 64"), sv); // c_attn of layer 0: 3·64 outputs, 64 inputs
    }

    @Test
    void layerAndModuleChoiceUpdatesTheTrainableLineBeforeTraining() throws Exception {
        var lab = show(ctx -> new TrainingLabView(ctx, TrainingMethod.LORA));
        String line = fx(() -> {
            ((CheckBox) lab.lookup("#lab-target-attn-c_proj")).fire();
            ((CheckBox) lab.lookup("#lab-target-mlp-c_proj")).fire();
            ((CheckBox) lab.lookup("#lab-layer-0")).fire();
            return text(lab, "lab-peft-line");
        });
        assertTrue(line.contains("trainable params: 2,048 ||"), line); // c_attn of block 1: 8·(64 + 192)
        String targets = fx(() -> text(lab, "lab-target-line"));
        assertTrue(targets.contains("[\"c_attn\"]") && targets.contains("[1]") && targets.contains("→ 1 módulos"), targets);
        String none = fx(() -> {
            ((CheckBox) lab.lookup("#lab-layer-1")).fire();
            return text(lab, "lab-peft-line");
        });
        assertTrue(none.startsWith("Entrada inválida") && none.contains("bloco"), none);
        String all = fx(() -> {
            ((Button) lab.lookup("#lab-layers-all")).fire();
            ((CheckBox) lab.lookup("#lab-target-mlp-c_proj")).fire();
            return text(lab, "lab-target-line");
        });
        assertTrue(all.contains("[\"c_attn\", \"mlp.c_proj\"]") && all.contains("None") && all.contains("→ 4 módulos"), all);
    }

    @Test
    void adaptersSavedFromARunLoadIntoAFreshLabWithTheSameOutput(@TempDir Path dir) throws Exception {
        var lab = show(ctx -> new TrainingLabView(ctx, TrainingMethod.LORA));
        fx(() -> {
            ((CheckBox) lab.lookup("#lab-target-mlp-c_fc")).fire();
            ((CheckBox) lab.lookup("#lab-layer-0")).fire();
            ((TextField) lab.lookup("#lab-steps")).setText("3");
            ((TextField) lab.lookup("#lab-tokens")).setText("4");
            ((Button) lab.lookup("#lab-run")).fire();
            return null;
        });
        var results = (GridPane) lab.lookup("#lab-results");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end && fx(() -> results.getChildren().size()) < 7 + 8) Thread.sleep(100);
        String trained = fx(() -> ((Label) lab.lookup("#lab-after-0")).getText()).substring("saída depois: ".length());
        String before = fx(() -> text(lab, "lab-before"));
        Path saved = dir.resolve("adapters");
        fx(() -> {
            lab.saveAdaptersTo(saved);
            return null;
        });
        assertTrue(Files.isRegularFile(saved.resolve("adapter_model.safetensors")));

        var fresh = show(ctx -> new TrainingLabView(ctx, TrainingMethod.LORA));
        fx(() -> {
            ((TextField) fresh.lookup("#lab-tokens")).setText("4");
            fresh.loadAdaptersFrom(saved);
            return null;
        });
        String adapted = waitForText(fresh, "loaded-adapted-output");
        assertEquals(trained, adapted);
        assertTrue(before.endsWith("→ " + fx(() -> text(fresh, "loaded-base-output"))), before);
        String config = fx(() -> text(fresh, "loaded-config"));
        assertTrue(config.contains("r = 8") && config.contains("[c_attn, c_proj, c_fc]") && config.contains("layers_to_transform = [1]")
                && config.contains("4 módulos") && config.contains("LoRA (3 passos"), config);
        assertTrue(fx(() -> text(fresh, "loaded-delta-values")).contains("192 × 64"));

        // Adapters of another base: refused with the tensor named, and what was loaded stays.
        Path other = dir.resolve("other");
        var wide = new br.lncc.llm.model.Gpt2.Config(50257, 256, 32, 2, 4, 128, 1e-5f, 50256);
        try (var m = ai.djl.ndarray.NDManager.newBaseManager();
                var a = br.lncc.llm.train.LoraAdapters.init(br.lncc.llm.train.LoraConfig.book(), wide, m, 1)) {
            br.lncc.llm.train.PeftAdapterFiles.save(a, other, "gpt2-narrow");
        }
        fx(() -> {
            fresh.loadAdaptersFrom(other);
            return null;
        });
        String msg = waitForText(fresh, "lab-message");
        assertTrue(msg.contains("h.0.attn.c_attn.lora_A.weight") && msg.contains("[8, 32]") && msg.contains("Nada"), msg);
        assertEquals(adapted, fx(() -> text(fresh, "loaded-adapted-output")));
        assertTrue(fx(() -> fresh.lookup("#loaded-adapters").isVisible()));
    }

    @Test
    void fp16PaneMeasuresUnderflowAndTheDynamicScaler() throws Exception {
        // The pane alone, on the tiny GPT-2 and two of the book's rows: building the whole SFT lab around it
        // only added a cold start on the FX thread (it timed out twice under load); the lab's wiring
        // is checked in trainingLabRunsAllThreeMethodsOnTheTinyGpt2 with a lookup on the lab it builds anyway.
        var pane = show(ctx -> new LossScalingPane(ctx, () -> new LossScalingPane.Input(
                new br.lncc.llm.lesson.LabModelSource.Tiny(42), br.lncc.llm.lesson.ch07.TrainingLab.bookRows().subList(0, 2))));
        fx(() -> {
            ((Button) pane.lookup("#fp16-run")).fire();
            return null;
        });
        String summary = waitForText(pane, "fp16-summary");
        assertTrue(summary.contains("Maior escala sem ∞: S = 2^"), summary);
        var table = (GridPane) pane.lookup("#fp16-table");
        assertEquals(12 * 5, (int) fx(() -> table.getChildren().size()), "header + 11 scales");
        String zeroAtOne = fx(() -> ((Label) table.getChildren().get(5 + 1)).getText());
        assertTrue(!zeroAtOne.startsWith("0,000"), "some gradients vanish at S = 1: " + zeroAtOne);
        String scaler = fx(() -> text(pane, "fp16-scaler"));
        assertTrue(scaler.contains("passo pulado, S ÷ 2") && scaler.contains("sem ∞ → passo aplicado"), scaler);
    }

    @Test
    void quantizationPageComparesTheFiveFormats() throws Exception {
        var q = show(Ch06QuantizationView::new);
        fx(() -> {
            ((TextField) q.lookup("#quant-tokens")).setText("2");
            ((Button) q.lookup("#quant-run")).fire();
            return null;
        });
        String summary = waitForText(q, "quant-message");
        assertTrue(summary.contains("8 tensores Conv1D"), summary);
        var table = (javafx.scene.layout.GridPane) q.lookup("#quant-table");
        assertEquals(6 * 6, (int) fx(() -> table.getChildren().size()));
        String note = fx(() -> text(q, "quant-random-note"));
        assertTrue(note.contains("PESOS ALEATÓRIOS"), "6.5 on the tiny model says its outputs mean nothing: " + note);
    }

    private static String waitForText(Node root, String id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            String t = fx(() -> text(root, id));
            if (t != null && !t.isBlank()) return t;
            Thread.sleep(50);
        }
        assertFalse(true, "no text in #" + id);
        return "";
    }
}
