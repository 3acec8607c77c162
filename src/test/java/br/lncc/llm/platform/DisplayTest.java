package br.lncc.llm.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `companion` without arguments over SSH (no DISPLAY) used to die with JavaFX's
 * "UnsupportedOperationException: Unable to open DISPLAY" stack trace.
 */
class DisplayTest {
    @Test
    void aLinuxSessionWithoutDisplayIsToldToUseTheCli() {
        var reason = Display.missing(Map.of(), "Linux", null);
        assertTrue(reason.isPresent());
        for (var lang : br.lncc.llm.text.Messages.SUPPORTED) {
            String text = reason.get().render(lang);
            assertTrue(text.contains("DISPLAY") && text.contains("--help"), text);
        }
        assertTrue(reason.get().render(br.lncc.llm.text.Messages.ENGLISH).startsWith("Error: there is no screen"));
        assertFalse(Display.missing(Map.of("DISPLAY", ":0"), "Linux", null).isPresent());
        assertFalse(Display.missing(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null).isPresent());
        assertFalse(Display.missing(Map.of(), "Mac OS X", null).isPresent());
        assertFalse(Display.missing(Map.of(), "Windows 11", null).isPresent());
        assertFalse(Display.missing(Map.of(), "Linux", "Monocle").isPresent(), "headless Monocle needs no display");
    }
}
