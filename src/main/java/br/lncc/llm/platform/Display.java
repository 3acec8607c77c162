package br.lncc.llm.platform;

import br.lncc.llm.text.Message;
import java.util.Map;
import java.util.Optional;

/** Whether the desktop app can open a window here; over SSH on Linux there is no display to open. */
public final class Display {
    private Display() {}

    /**
     * @param glassPlatform the {@code glass.platform} property (Monocle runs JavaFX without a display)
     * @return why the window cannot open (rendered by {@code Main} in LANG's language), or empty
     *         when it can (or when only trying can tell)
     */
    public static Optional<Message> missing(Map<String, String> env, String osName, String glassPlatform) {
        if (glassPlatform != null || osName == null || !osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        if (present(env.get("DISPLAY")) || present(env.get("WAYLAND_DISPLAY"))) return Optional.empty();
        return Optional.of(Message.of("display.missing"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
