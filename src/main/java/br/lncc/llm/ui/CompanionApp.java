package br.lncc.llm.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The desktop application (the app shell is built in the foundation issue). */
public final class CompanionApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(CompanionApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("LLM Course Companion");
        stage.setScene(new Scene(new Label("LLM Course Companion"), 800, 600));
        stage.show();
    }
}
