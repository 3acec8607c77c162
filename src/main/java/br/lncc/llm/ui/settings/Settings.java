package br.lncc.llm.ui.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the app remembers between runs (config/settings.json). Unknown fields are ignored so an
 * older app reads a newer file; missing fields take the defaults below.
 *
 * @param language BCP-47 tag: "pt-BR" (default) or "en"
 * @param fontScale presenter-mode font scale, 1.0 = normal
 * @param highContrast high-contrast theme and colormaps
 * @param fullScreen window in full screen (F11)
 * @param lastSection book section shown last ("2.5", "benchmark"...), restored on start
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(
        String language, double fontScale, boolean highContrast, boolean fullScreen, String lastSection) {

    public static final double MIN_SCALE = 0.8;
    public static final double MAX_SCALE = 3.0;

    public Settings {
        if (language == null || language.isBlank()) language = "pt-BR";
        if (!(fontScale >= MIN_SCALE && fontScale <= MAX_SCALE)) fontScale = 1.0;
    }

    public static Settings defaults() {
        return new Settings("pt-BR", 1.0, false, false, null);
    }

    public Settings withLanguage(String v) {
        return new Settings(v, fontScale, highContrast, fullScreen, lastSection);
    }

    public Settings withFontScale(double v) {
        return new Settings(language, Math.max(MIN_SCALE, Math.min(MAX_SCALE, v)), highContrast, fullScreen, lastSection);
    }

    public Settings withHighContrast(boolean v) {
        return new Settings(language, fontScale, v, fullScreen, lastSection);
    }

    public Settings withFullScreen(boolean v) {
        return new Settings(language, fontScale, highContrast, v, lastSection);
    }

    public Settings withLastSection(String v) {
        return new Settings(language, fontScale, highContrast, fullScreen, v);
    }
}
