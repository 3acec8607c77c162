package br.lncc.llm.ui.notebooks;

import br.lncc.llm.ui.PageContext;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * A notebook figure enlarged (double-click on the preview or the list): the image fills a window
 * of up to 90% of the screen, keeps its proportions as the window is resized, Esc closes it. In
 * the app itself, so it works in a classroom without a system image viewer.
 */
final class FigureWindow {
    private FigureWindow() {}

    static Stage show(PageContext ctx, Path file) {
        var image = new Image(file.toUri().toString());
        var view = new ImageView(image);
        view.setId("nb-figure-large");
        view.setPreserveRatio(true);
        view.setSmooth(true);
        var center = new StackPane(view);
        center.setMinSize(0, 0);
        view.fitWidthProperty().bind(center.widthProperty().subtract(16));
        view.fitHeightProperty().bind(center.heightProperty().subtract(16));
        var close = new Button();
        close.textProperty().bind(ctx.i18n().text("nb.figure.close"));
        var buttons = new HBox(8);
        if (ctx.hostServices() != null) {
            var system = new Button();
            system.textProperty().bind(ctx.i18n().text("nb.figure.system"));
            system.setOnAction(e -> ctx.hostServices().showDocument(file.toUri().toString()));
            buttons.getChildren().add(system);
        }
        buttons.getChildren().add(close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(6, 10, 8, 10));
        var root = new BorderPane(center, null, null, buttons, null);
        // The page's font size (presenter mode) carries over to the buttons.
        if (ctx.owner() != null && ctx.owner().getScene() != null) {
            root.setStyle(ctx.owner().getScene().getRoot().getStyle());
            root.getStylesheets().setAll(ctx.owner().getScene().getStylesheets());
        }
        var screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(screen.getWidth() * 0.9, Math.max(640, image.getWidth() + 32));
        double h = Math.min(screen.getHeight() * 0.9, Math.max(480, image.getHeight() + 80));
        var stage = new Stage();
        if (ctx.owner() != null) stage.initOwner(ctx.owner());
        stage.setTitle(file.getFileName().toString());
        var scene = new Scene(root, w, h);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) stage.close();
        });
        close.setOnAction(e -> stage.close());
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
