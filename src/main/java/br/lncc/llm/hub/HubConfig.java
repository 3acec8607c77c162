package br.lncc.llm.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where the Hugging Face cache is, which hub to talk to, whether the network may be used and
 * which token to send. Read from the same environment variables as Python's huggingface_hub
 * (constants.py), so that models downloaded by the course notebooks are found here and vice
 * versa. The environment lookup is a parameter so that tests never depend on real variables.
 */
public record HubConfig(Path cacheDir, String endpoint, boolean offline, Optional<String> token) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /** huggingface_hub treats these (case-insensitive) as "true" in environment variables. */
    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    public HubConfig {
        endpoint = stripTrailingSlash(endpoint);
    }

    /** What the app uses: the real environment plus the app's offline switch ({@link HubSettings}). */
    public static HubConfig forApp() {
        return fromSystem().withOffline(HubSettings.inConfigDir().offline());
    }

    /** The configuration of this process: real environment and user home. */
    public static HubConfig fromSystem() {
        return fromEnvironment(System::getenv, Path.of(System.getProperty("user.home")));
    }

    /**
     * Same precedence as huggingface_hub: HF_HUB_CACHE, then the legacy HUGGINGFACE_HUB_CACHE,
     * then $HF_HOME/hub, where HF_HOME defaults to $XDG_CACHE_HOME/huggingface or
     * ~/.cache/huggingface.
     */
    public static HubConfig fromEnvironment(UnaryOperator<String> env, Path userHome) {
        Path hfHome = hfHome(env, userHome);
        Path cache = firstSet(env, "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE")
                .map(v -> expandHome(v, userHome))
                .orElse(hfHome.resolve("hub"));
        String endpoint = firstSet(env, "HF_ENDPOINT").orElse(DEFAULT_ENDPOINT);
        boolean offline = isTrue(env.apply("HF_HUB_OFFLINE")) || isTrue(env.apply("TRANSFORMERS_OFFLINE"));
        Optional<String> token = firstSet(env, "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")
                .or(() -> readTokenFile(firstSet(env, "HF_TOKEN_PATH")
                        .map(v -> expandHome(v, userHome))
                        .orElse(hfHome.resolve("token"))));
        return new HubConfig(cache, endpoint, offline, token);
    }

    /** The app's own "offline" setting adds to HF_HUB_OFFLINE; it never turns it off. */
    public HubConfig withOffline(boolean offlineSetting) {
        return new HubConfig(cacheDir, endpoint, offline || offlineSetting, token);
    }

    public HubConfig withEndpoint(String newEndpoint) {
        return new HubConfig(cacheDir, newEndpoint, offline, token);
    }

    public HubConfig withToken(String newToken) {
        return new HubConfig(cacheDir, endpoint, offline, Optional.ofNullable(newToken).filter(t -> !t.isBlank()));
    }

    private static Path hfHome(UnaryOperator<String> env, Path userHome) {
        Optional<String> hfHome = firstSet(env, "HF_HOME");
        if (hfHome.isPresent()) return expandHome(hfHome.get(), userHome);
        Path xdgCache = firstSet(env, "XDG_CACHE_HOME")
                .map(v -> expandHome(v, userHome))
                .orElse(userHome.resolve(".cache"));
        return xdgCache.resolve("huggingface");
    }

    private static Optional<String> firstSet(UnaryOperator<String> env, String... names) {
        for (String name : names) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) return Optional.of(value.trim());
        }
        return Optional.empty();
    }

    private static Path expandHome(String value, Path userHome) {
        if (value.equals("~")) return userHome;
        if (value.startsWith("~/")) return userHome.resolve(value.substring(2));
        return Path.of(value);
    }

    private static boolean isTrue(String value) {
        return value != null && TRUE_VALUES.contains(value.trim().toUpperCase(Locale.ROOT));
    }

    private static Optional<String> readTokenFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            String token = Files.readString(file).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String stripTrailingSlash(String url) {
        String u = url == null || url.isBlank() ? DEFAULT_ENDPOINT : url.trim();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        return u;
    }

    /** Never print the token itself (logs, doctor output, toString of this record). */
    @Override
    public String toString() {
        return "HubConfig[cacheDir=" + cacheDir + ", endpoint=" + endpoint + ", offline=" + offline
                + ", token=" + (token.isPresent() ? "set" : "none") + "]";
    }
}
