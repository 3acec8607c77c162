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
        var window = new MainWindow(stage, SettingsStore.inConfigDir(), getHostServices());
        stage.setOnShown(e -> log.info("window shown {} ms after JVM start",
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
        window.show();
        // -Dcompanion.open=3.4 opens a section at start (screenshots, demos in class)
        String open = System.getProperty("companion.open");
        if (open != null && !open.isBlank()) window.open(open);
    }
}
