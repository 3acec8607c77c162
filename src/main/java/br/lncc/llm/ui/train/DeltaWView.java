package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch07.AdapterSet;
import br.lncc.llm.ui.I18n;
import java.util.Arrays;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * ΔW = (α/r)·BA of one adapted module as a blue–white–red heatmap ([out, in], averaged into
 * blocks when larger than the picture) with its singular values: at most r of them are non-zero.
 */
final class DeltaWView extends VBox {
    private static final int MAX_SIDE = 320;
    private final I18n i18n;
    private final ComboBox<String> module = new ComboBox<>();
    private final ImageView image = new ImageView();
    private final Label values = new Label();
    private AdapterSet adapters;

    /**
     * @param titleKey the heading, which says whose adapters these are (last run, loaded folder)
     * @param idPrefix "lab" gives the ids lab-delta-w and lab-delta-values
     */
    DeltaWView(I18n i18n, String titleKey, String idPrefix) {
        super(6);
        this.i18n = i18n;
        setId(idPrefix + "-delta-w");
        var title = new Label();
        title.getStyleClass().add("page-heading");
        title.textProperty().bind(i18n.text(titleKey));
        values.setWrapText(true);
        values.setId(idPrefix + "-delta-values");
        module.setOnAction(e -> draw());
        getChildren().addAll(title, new HBox(8, module), image, values);
        setVisible(false);
        managedProperty().bind(visibleProperty());
    }

    void show(AdapterSet a) {
        this.adapters = a;
        setVisible(a != null);
        if (a == null) return;
        module.setItems(FXCollections.observableArrayList(a.modules()));
        module.getSelectionModel().selectFirst();
        draw();
    }

    private void draw() {
        String m = module.getValue();
        if (adapters == null || m == null) return;
        AdapterSet.DeltaW delta = adapters.deltaW(m);
        float[] d = delta.values();
        int rows = delta.rows(), cols = delta.cols();
        int k = (int) Math.ceil(Math.max(rows, cols) / (double) MAX_SIDE);
        int h = (rows + k - 1) / k, w = (cols + k - 1) / k;
        double[] cells = new double[h * w];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) cells[(i / k) * w + j / k] += d[i * cols + j] / (k * k);
        double max = 1e-30;
        for (double c : cells) max = Math.max(max, Math.abs(c));
        var img = new WritableImage(w, h);
        PixelWriter px = img.getPixelWriter();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double v = cells[i * w + j] / max;
                px.setColor(j, i, v >= 0 ? Color.WHITE.interpolate(Color.web("#b2182b"), v) : Color.WHITE.interpolate(Color.web("#2166ac"), -v));
            }
        }
        image.setImage(img);
        image.setFitWidth(Math.min(2.0 * w, 640));
        image.setPreserveRatio(true);
        double[] s = delta.singularValues();
        double largest = max;
        int r = delta.r();
        i18n.show(values.textProperty(), () -> i18n.get("train.lab.deltaValues", rows, cols, r,
                Arrays.stream(s).mapToObj(v -> String.format(i18n.getLocale(), "%.3g", v)).collect(Collectors.joining(", ")),
                String.format(i18n.getLocale(), "%.3g", largest)));
    }
}
