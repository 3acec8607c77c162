package br.lncc.llm.ui;

import br.lncc.llm.ui.settings.SettingsStore;
import br.lncc.llm.ui.shell.MainWindow;
import java.lang.management.ManagementFactory;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The desktop application: loads the settings and opens the main window. */
public final class CompanionApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(CompanionApp.class);

    public static void launchApp(String[] args) {
        Application.launch(CompanionApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        log.info("JavaFX started {} ms after JVM start", sinceJvmStart());
        var window = new MainWindow(stage, SettingsStore.inConfigDir(), getHostServices());
        log.info("main window built {} ms after JVM start", sinceJvmStart());
        // The cold-start figure: JVM start to the window on screen.
        stage.setOnShown(e -> log.info("window shown {} ms after JVM start", sinceJvmStart()));
        window.show();
    }

    private static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
