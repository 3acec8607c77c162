package br.lncc.llm.platform;

import java.nio.file.Path;

/**
 * Where the app keeps its files. Everything lives under one home folder so that tests (and
 * portable installs) can redirect it with -Dcompanion.home=DIR or COMPANION_HOME.
 */
public final class AppDirs {
    private AppDirs() {}

    /** Root folder: ~/.llm-course-companion unless overridden. */
    public static Path home() {
        String prop = System.getProperty("companion.home");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String env = System.getenv("COMPANION_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".llm-course-companion");
    }

    /** settings.json and other user preferences. */
    public static Path config() {
        return home().resolve("config");
    }

    /** Models the app unpacks itself (the embedded BERT-base) and imported-folder records. */
    public static Path models() {
        return home().resolve("models");
    }

    /** Benchmark results, exported activities. */
    public static Path results() {
        return home().resolve("results");
    }
}
