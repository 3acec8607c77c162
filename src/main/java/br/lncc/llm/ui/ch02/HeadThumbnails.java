package br.lncc.llm.ui.ch02;

import br.lncc.llm.ui.widget.Colormap;
import java.util.function.BiConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The "model view": every layer × head attention map as a small thumbnail (rows = layers,
 * columns = heads), each scaled to its own min..max. Clicking one opens it in the big heatmap.
 * Thumbnails are rendered once per sentence into images of at most {@link #CELL} pixels per
 * side (long sentences keep each block's maximum), so changing the selection only re-blits them.
 */
final class HeadThumbnails extends Canvas {
    static final int CELL = 44;
    private static final int GAP = 4;
    private static final int LABEL = 22;
    private WritableImage[][] images;
    private int selectedLayer = -1;
    private int selectedHead = -1;
    private BiConsumer<Integer, Integer> onPick = (l, h) -> {};

    HeadThumbnails() {
        setOnMouseClicked(e -> {
            if (images == null) return;
            int h = (int) ((e.getX() - LABEL) / (CELL + GAP));
            int l = (int) ((e.getY() - LABEL) / (CELL + GAP));
            if (e.getX() >= LABEL && e.getY() >= LABEL && l < images.length && h < images[0].length) {
                onPick.accept(l, h);
            }
        });
    }

    void setOnPick(BiConsumer<Integer, Integer> callback) {
        onPick = callback;
    }

    void setData(float[][][][] attentions) {
        images = new WritableImage[attentions.length][attentions[0].length];
        for (int l = 0; l < attentions.length; l++) {
            for (int h = 0; h < attentions[l].length; h++) images[l][h] = render(attentions[l][h]);
        }
        setWidth(LABEL + images[0].length * (CELL + GAP));
        setHeight(LABEL + images.length * (CELL + GAP));
        draw();
    }

    void select(int layer, int head) {
        selectedLayer = layer;
        selectedHead = head;
        if (images != null) draw();
    }

    private void draw() {
        GraphicsContext g = getGraphicsContext2D();
        g.setImageSmoothing(false);
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setFont(Font.font(10));
        g.setFill(Color.gray(0.35));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int h = 0; h < images[0].length; h++) g.fillText("H" + h, LABEL + h * (CELL + GAP) + CELL / 2.0, LABEL / 2.0);
        for (int l = 0; l < images.length; l++) g.fillText("L" + l, LABEL / 2.0, LABEL + l * (CELL + GAP) + CELL / 2.0);
        for (int l = 0; l < images.length; l++) {
            for (int h = 0; h < images[l].length; h++) {
                g.drawImage(images[l][h], LABEL + h * (CELL + GAP), LABEL + l * (CELL + GAP), CELL, CELL);
            }
        }
        if (selectedLayer >= 0) {
            g.setStroke(Color.RED);
            g.setLineWidth(2.5);
            g.strokeRect(LABEL + selectedHead * (CELL + GAP) - 1.5, LABEL + selectedLayer * (CELL + GAP) - 1.5, CELL + 3, CELL + 3);
        }
    }

    private static WritableImage render(float[][] a) {
        int n = a.length;
        int px = Math.min(n, CELL);
        var block = new double[px][px];
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < px; i++) {
            for (int j = 0; j < px; j++) {
                double v = -Double.MAX_VALUE;
                for (int r = i * n / px; r < (i + 1) * n / px; r++) {
                    for (int c = j * n / px; c < (j + 1) * n / px; c++) v = Math.max(v, a[r][c]);
                }
                block[i][j] = v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        var image = new WritableImage(px, px);
        PixelWriter w = image.getPixelWriter();
        for (int i = 0; i < px; i++) {
            for (int j = 0; j < px; j++) {
                w.setColor(j, i, Colormap.VIRIDIS.at(max > min ? (block[i][j] - min) / (max - min) : 0.5));
            }
        }
        return image;
    }
}
