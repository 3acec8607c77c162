package br.lncc.llm.hub;

import br.lncc.llm.platform.AppDirs;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's own hub preferences (config/hub-settings.json): today the "offline" switch, which
 * adds to HF_HUB_OFFLINE for students in a classroom without network. A missing or damaged file
 * means the defaults.
 */
public final class HubSettings {

    private static final Logger LOG = LoggerFactory.getLogger(HubSettings.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stored(boolean offline) {}

    private final Path file;

    public HubSettings(Path file) {
        this.file = file;
    }

    public static HubSettings inConfigDir() {
        return new HubSettings(AppDirs.config().resolve("hub-settings.json"));
    }

    public boolean offline() {
        return read().offline();
    }

    public void setOffline(boolean offline) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), new Stored(offline));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HubException(HubException.Reason.DISK, br.lncc.llm.text.Message.of("hub.settings.saveOffline", file), e.toString(), e);
        }
    }

    private Stored read() {
        if (!Files.isRegularFile(file)) return new Stored(false);
        try {
            return JSON.readValue(file.toFile(), Stored.class);
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return new Stored(false);
        }
    }
}
