package br.lncc.llm.ui.settings;

import br.lncc.llm.platform.AppDirs;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes settings.json. A broken or unreadable file never stops the app: it starts
 * with defaults and {@link #problem()} says what happened so the window can tell the user.
 */
public final class SettingsStore {
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Why the settings could not be read or saved, as an i18n key plus technical detail. */
    public record Problem(String messageKey, String detail) {}

    private final Path file;
    private Settings current;
    private Problem problem;

    public SettingsStore(Path file) {
        this.file = file;
        this.current = load();
    }

    public static SettingsStore inConfigDir() {
        return new SettingsStore(AppDirs.config().resolve("settings.json"));
    }

    public Path file() {
        return file;
    }

    public Settings get() {
        return current;
    }

    /** The last load or save problem, if any. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /** Keeps the new settings in memory only; the next {@link #save} (or {@link #flush}) writes them. */
    public void remember(Settings s) {
        current = s;
    }

    /** Writes what is in memory (window closing). */
    public void flush() {
        save(current);
    }

    /** Keeps the new settings in memory and tries to write them; a failure is remembered, not thrown. */
    public void save(Settings s) {
        current = s;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), s);
            // Atomic replace: a crash mid-write must not leave a half-written settings file.
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot save settings to {}", file, e);
            problem = new Problem("settings.unwritable", file + ": " + e);
        }
    }

    // The next save overwrites the file; keep the user's broken one for inspection.
    private void keepCopyOfBrokenFile() {
        try {
            Files.copy(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            log.debug("could not keep a copy of {}", file, e);
        }
    }

    private Settings load() {
        if (!Files.exists(file)) return Settings.defaults();
        try {
            Settings s = JSON.readValue(file.toFile(), Settings.class);
            if (s == null) throw new IOException("empty settings file");
            return s;
        } catch (IOException | RuntimeException e) {
            log.warn("corrupt settings file {}, using defaults", file, e);
            problem = new Problem("settings.corrupt", file + ": " + e.getMessage());
            keepCopyOfBrokenFile();
            return Settings.defaults();
        }
    }
}
