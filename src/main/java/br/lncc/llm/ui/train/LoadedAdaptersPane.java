package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch07.LoadedAdapters;
import br.lncc.llm.lesson.ch07.AdapterSet;
import br.lncc.llm.ui.I18n;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Adapters opened from a folder: their configuration (r, α, target modules, blocks), the same
 * prompt answered by the base and by the base plus adapters side by side, and ΔW of each module.
 */
final class LoadedAdaptersPane extends VBox {
    private final I18n i18n;
    private final Label config = new Label();
    private final Label baseOutput = new Label();
    private final Label adaptedOutput = new Label();
    private final Label baseHead = new Label();
    private final Label adaptedHead = new Label();
    private final DeltaWView deltaW;

    LoadedAdaptersPane(I18n i18n) {
        super(6);
        this.i18n = i18n;
        setId("loaded-adapters");
        var title = new Label();
        title.getStyleClass().add("page-heading");
        title.textProperty().bind(i18n.text("train.lab.loadedTitle"));
        config.setId("loaded-config");
        config.setWrapText(true);
        config.getStyleClass().add("matrix-cell");
        for (var l : new Label[] {baseOutput, adaptedOutput}) {
            l.setWrapText(true);
            l.setMaxWidth(520);
            l.getStyleClass().add("page-statement");
        }
        baseOutput.setId("loaded-base-output");
        adaptedOutput.setId("loaded-adapted-output");
        baseHead.getStyleClass().add("matrix-name");
        adaptedHead.getStyleClass().add("matrix-name");
        var outputs = new GridPane();
        outputs.setHgap(18);
        outputs.setVgap(4);
        outputs.addRow(0, baseHead, adaptedHead);
        outputs.addRow(1, baseOutput, adaptedOutput);
        deltaW = new DeltaWView(i18n, "train.lab.loadedDeltaTitle", "loaded");
        getChildren().addAll(title, config, outputs, deltaW);
        setVisible(false);
        managedProperty().bind(visibleProperty());
    }

    /** Shows {@code a}; the pane does not own it (the lab closes it when replaced). */
    void show(LoadedAdapters a, String model, String prompt) {
        AdapterSet.Config c = a.view().config();
        // Written again on each language switch from the adapters' data.
        i18n.show(config.textProperty(), () -> {
            String trained = a.note()
                    .map(n -> i18n.get("train.lab.loadedNote", n.method().name().replace("QLORA", "QLoRA").replace("LORA", "LoRA"),
                            n.steps(), String.format(i18n.getLocale(), "%.4f", n.finalLoss())))
                    .orElse(i18n.get("train.lab.loadedNoNote"));
            return i18n.get("train.lab.loadedConfig", a.folder(), c.r(), fmt(c.alpha()), fmt(c.scaling()), c.targetModules(),
                    c.layersToTransform() == null ? "None" : c.layersToTransform(), c.adapterCount(),
                    String.format(i18n.getLocale(), "%,d", c.parameterCount()), trained);
        });
        i18n.show(baseHead.textProperty(), () -> i18n.get("train.lab.loadedBase", model, prompt));
        i18n.show(adaptedHead.textProperty(), () -> i18n.get("train.lab.loadedAdapted", prompt));
        baseOutput.setText(a.baseOutput().replace('\n', ' '));
        adaptedOutput.setText(a.adaptedOutput().replace('\n', ' '));
        deltaW.show(a.view());
        setVisible(true);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
