package br.lncc.llm.ui.ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.generate.StepDistribution;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The generation lab page on the tiny GPT-2 fixture: the sliders drive the drawn distribution. */
class GenerationLabViewTest {

    private static Stage stage;
    private static GenerationLabView view;
    private static I18n i18n;

    @BeforeAll
    static void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        GenerationLab lab = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"));
        WaitForAsyncUtils.asyncFx(() -> {
            i18n = new I18n(I18n.PT_BR);
            var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null);
            view = new GenerationLabView(ctx, 0);
            stage = new Stage();
            stage.setScene(new Scene(view, 1200, 800));
            stage.show();
            LabModel.shared().set(lab);
        }).get(30, TimeUnit.SECONDS);
        waitFor(() -> view.currentDistribution() != null);
    }

    @AfterAll
    static void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            stage.hide();
            LabModel.shared().set(null);
        }).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out");
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(20);
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    @Test
    void movingTheTemperatureSliderRedrawsTheDistributionAtOnce() throws Exception {
        StepDistribution hot = onFx(() -> {
            view.temperature.setValue(Math.log10(2.5));
            return view.chart.data();
        });
        StepDistribution cold = onFx(() -> {
            view.temperature.setValue(Math.log10(0.2));
            return view.chart.data();
        });
        assertEquals(2.5, hot.temperature(), 1e-9);
        assertEquals(0.2, cold.temperature(), 1e-9);
        assertTrue(cold.entropyAfter() < hot.entropyAfter());
        assertTrue(cold.probsAfterTemperature()[0] > hot.probsAfterTemperature()[0]);
    }

    @Test
    void topPSliderMovesTheNucleusCut() throws Exception {
        int wide = onFx(() -> {
            view.temperature.setValue(0);
            view.topP.setValue(0.95);
            return view.chart.data().nucleusSize();
        });
        int narrow = onFx(() -> {
            view.topP.setValue(0.2);
            return view.chart.data().nucleusSize();
        });
        assertTrue(narrow < wide, narrow + " < " + wide);
    }

    @Test
    void greedyKeepsOnlyTheArgmax() throws Exception {
        StepDistribution d = onFx(() -> {
            view.greedy.setSelected(true);
            return view.chart.data();
        });
        assertNotNull(d);
        assertEquals(1, d.nucleusSize());
        onFx(() -> {
            view.greedy.setSelected(false);
            return null;
        });
    }

    @Test
    void theTinyModelButtonLoadsARandomModelThePageRunsOnAndSaysSo() throws Exception {
        GenerationLab before = LabModel.shared().get();
        StepDistribution distBefore = view.currentDistribution();
        try {
            onFx(() -> {
                ((javafx.scene.control.Button) view.lookup("#gen-model-tiny")).fire();
                return null;
            });
            waitFor(() -> LabModel.shared().get() != before);
            GenerationLab tiny = LabModel.shared().get();
            assertTrue(tiny.randomWeights());
            assertEquals(br.lncc.llm.lesson.TinyQwen2.NAME, tiny.model().name());
            // The distribution is recomputed on the tiny model's own logits.
            waitFor(() -> view.currentDistribution() != null && view.currentDistribution() != distBefore);
            for (int id : view.currentDistribution().ids()) assertTrue(id < tiny.model().vocabSize());
            boolean said = onFx(() -> view.lookupAll(".label").stream().anyMatch(n -> n instanceof javafx.scene.control.Label l
                    && l.getText() != null && l.getText().contains("Pesos aleatórios")));
            assertTrue(said, "the page says the weights are random");
            // 4.12's grid on random weights: the rows' rep-4 / distinct-2 are said to mean nothing.
            onFx(() -> {
                view.maxTokens.getValueFactory().setValue(3);
                ((javafx.scene.control.Button) view.lookup("#gen-compare-run")).fire();
                return null;
            });
            var gridNote = (javafx.scene.control.Label) view.lookup("#gen-grid-random-note");
            waitFor(() -> gridNote.isVisible());
            assertTrue(onFx(gridNote::getText).contains("qwen2-tiny") && onFx(gridNote::getText).contains("PESOS ALEATÓRIOS"));
        } finally {
            GenerationLab gpt2 = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"));
            onFx(() -> {
                LabModel.shared().set(gpt2);
                return null;
            });
            waitFor(() -> view.currentDistribution() != null);
        }
    }

    @Test
    void theCourseModelButtonLoadsTheShippedModelAndThePageSaysItIsNotGpt2() throws Exception {
        GenerationLab before = LabModel.shared().get();
        String promptBefore = onFx(() -> view.prompt.getText());
        try {
            onFx(() -> {
                view.prompt.setText(GenerationLab.DEFAULT_PROMPT);
                ((javafx.scene.control.Button) view.lookup("#gen-model-course")).fire();
                return null;
            });
            waitFor(() -> LabModel.shared().get() != before);
            GenerationLab course = LabModel.shared().get();
            assertTrue(course.courseModel());
            assertEquals(br.lncc.llm.model.CourseModel.NAME, course.model().name());
            boolean said = onFx(() -> view.lookupAll(".label").stream().anyMatch(n -> n instanceof javafx.scene.control.Label l
                    && l.getText() != null && l.getText().contains("não é o GPT-2") && l.getText().contains("2.197.824")));
            assertTrue(said, "the page says what the model is");
            assertEquals("Para instalar o programa", onFx(() -> view.prompt.getText()), "a prompt in the corpus's language");
            // A model that learned: after a Portuguese prompt the most likely next token is far above uniform (1/2049).
            waitFor(() -> view.currentDistribution() != null && view.currentDistribution().ids()[0] < course.model().vocabSize());
        } finally {
            GenerationLab gpt2 = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"));
            onFx(() -> {
                LabModel.shared().set(gpt2);
                view.prompt.setText(promptBefore);
                return null;
            });
            waitFor(() -> view.currentDistribution() != null);
        }
    }

    @Test
    void theModelBoxNamesTheModelInUse() throws Exception {
        String shown = onFx(() -> ((javafx.scene.control.ComboBox<?>) view.lookup("#gen-model-choose")).getPromptText());
        assertEquals(LabModel.shared().get().model().name(), shown);
    }

    @Test
    void afterGenerateTheChartShowsTheNextTokenAtTheEndAndEveryEarlierPosition() throws Exception {
        GenerationLab lab = LabModel.shared().get();
        var positions = generateGreedily(4);
        long[] prompt = lab.encode(view.prompt.getText(), 4).ids();
        long[] generated = lab.generate(prompt, br.lncc.llm.generate.GenerationSettings.greedy(4),
                br.lncc.llm.generate.Generator.TokenListener.NONE, br.lncc.llm.task.ProgressSink.NONE).newIds();
        int n = generated.length;
        assertEquals(n, (int) onFx(positions::getMax));
        long[] text = java.util.Arrays.copyOf(prompt, prompt.length + n);
        System.arraycopy(generated, 0, text, prompt.length, n);
        // At the end: the distribution of the 5th token, computed on prompt + the 4 generated ones.
        StepDistribution atEnd = GenerationLab.describe(lab.nextLogits(text), text, br.lncc.llm.generate.Strategy.GREEDY, 12);
        waitFor(() -> view.currentDistribution() != null && view.currentDistribution().ids()[0] == atEnd.ids()[0]
                && Math.abs(view.currentDistribution().probsBefore()[0] - atEnd.probsBefore()[0]) < 1e-6);
        String caption = onFx(() -> ((javafx.scene.control.Label) view.lookup("#gen-position-caption")).getText());
        assertTrue(caption.contains("posição " + text.length) && caption.contains("depois de " + n + " token"), caption);
        // Back to position 0: the prompt's own next-token distribution.
        StepDistribution atPrompt = GenerationLab.describe(lab.nextLogits(prompt), prompt, br.lncc.llm.generate.Strategy.GREEDY, 12);
        onFx(() -> {
            view.position.getValueFactory().setValue(0);
            return null;
        });
        waitFor(() -> Math.abs(view.currentDistribution().probsBefore()[0] - atPrompt.probsBefore()[0]) < 1e-6
                && view.currentDistribution().ids()[0] == atPrompt.ids()[0]);
        onFx(() -> {
            view.greedy.setSelected(false);
            view.prompt.setText(view.prompt.getText() + " ");
            return null;
        });
        waitFor(() -> view.currentDistribution() != null);
    }

    @Test
    void theCaptionOfAGeneratedPositionFollowsALanguageSwitchAfterItsModelWasReleased() throws Exception {
        generateGreedily(2);
        var caption = (javafx.scene.control.Label) view.lookup("#gen-position-caption");
        String portuguese = onFx(caption::getText);
        try {
            // The model manager unloads the model (its tokenizer is closed), then the language changes.
            onFx(() -> {
                LabModel.shared().set(null);
                i18n.setLocale(I18n.ENGLISH);
                return null;
            });
            String english = onFx(caption::getText);
            assertTrue(english != null && english.contains("position") && !english.equals(portuguese), portuguese + " → " + english);
        } finally {
            GenerationLab lab = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"));
            onFx(() -> {
                i18n.setLocale(I18n.PT_BR);
                view.greedy.setSelected(false);
                LabModel.shared().set(lab);
                return null;
            });
            waitFor(() -> view.currentDistribution() != null);
        }
    }

    /** Clicks Generate with greedy decoding and waits for the position selector to reach the new tokens. */
    private static javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory generateGreedily(int tokens) throws Exception {
        onFx(() -> {
            view.greedy.setSelected(true);
            view.maxTokens.getValueFactory().setValue(tokens);
            ((javafx.scene.control.Button) view.lookup("#gen-generate")).fire();
            return null;
        });
        var positions = (javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) view.position.getValueFactory();
        waitFor(() -> positions.getMax() > 0);
        return positions;
    }
}
