package br.lncc.llm.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Name and version of the application (the version comes from the Maven build). */
public final class AppInfo {
    public static final String NAME = "LLM Course Companion";

    private AppInfo() {}

    public static String version() {
        try (InputStream in = AppInfo.class.getResourceAsStream("/br/lncc/llm/app.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
