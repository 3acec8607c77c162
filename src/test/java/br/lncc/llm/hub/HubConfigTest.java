package br.lncc.llm.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same environment variables, in the same precedence, as huggingface_hub's constants.py. */
class HubConfigTest {

    @TempDir
    Path tmp;

    private HubConfig configFor(Map<String, String> env) {
        return HubConfig.fromEnvironment(env::get, tmp.resolve("home"));
    }

    @Test
    void defaultsToDotCacheHuggingfaceHub() {
        HubConfig c = configFor(Map.of());
        assertEquals(tmp.resolve("home/.cache/huggingface/hub"), c.cacheDir());
        assertEquals("https://huggingface.co", c.endpoint());
        assertFalse(c.offline());
        assertEquals(Optional.empty(), c.token());
    }

    @Test
    void hfHomeThenHfHubCacheTakePrecedence() {
        assertEquals(tmp.resolve("xdg/huggingface/hub"), configFor(Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString())).cacheDir());
        assertEquals(Path.of("/data/hf/hub"), configFor(Map.of("HF_HOME", "/data/hf", "XDG_CACHE_HOME", "/x")).cacheDir());
        assertEquals(Path.of("/fast/hub"), configFor(Map.of("HF_HOME", "/data/hf", "HF_HUB_CACHE", "/fast/hub")).cacheDir());
        assertEquals(Path.of("/legacy"), configFor(Map.of("HF_HOME", "/data/hf", "HUGGINGFACE_HUB_CACHE", "/legacy")).cacheDir());
        assertEquals(tmp.resolve("home/hf/hub"), configFor(Map.of("HF_HOME", "~/hf")).cacheDir());
    }

    @Test
    void offlineAcceptsTheSameTrueValuesAsHuggingfaceHub() {
        for (String v : new String[] {"1", "true", "YES", "on"}) assertTrue(configFor(Map.of("HF_HUB_OFFLINE", v)).offline(), v);
        assertFalse(configFor(Map.of("HF_HUB_OFFLINE", "0")).offline());
        assertTrue(configFor(Map.of()).withOffline(true).offline(), "the app setting turns it on");
        assertTrue(configFor(Map.of("HF_HUB_OFFLINE", "1")).withOffline(false).offline(), "...but never off");
    }

    @Test
    void tokenFromHfTokenOrTheTokenFileInHfHome() throws Exception {
        Path hfHome = Files.createDirectories(tmp.resolve("hfhome"));
        Files.writeString(hfHome.resolve("token"), "hf_fromfile\n");
        assertEquals(Optional.of("hf_fromfile"), configFor(Map.of("HF_HOME", hfHome.toString())).token());
        assertEquals(Optional.of("hf_env"), configFor(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env")).token());
        assertFalse(configFor(Map.of("HF_HOME", hfHome.toString())).toString().contains("hf_fromfile"), "never print the token");
    }

    @Test
    void appOfflineSwitchIsRememberedAndDamagedFileMeansOnline() throws Exception {
        HubSettings settings = new HubSettings(tmp.resolve("config/hub-settings.json"));
        assertFalse(settings.offline());
        settings.setOffline(true);
        assertTrue(new HubSettings(tmp.resolve("config/hub-settings.json")).offline());
        assertTrue(configFor(Map.of()).withOffline(settings.offline()).offline());
        Files.writeString(tmp.resolve("config/hub-settings.json"), "{oops");
        assertFalse(settings.offline());
    }

    @Test
    void endpointFromHfEndpointWithoutTrailingSlash() {
        assertEquals("http://127.0.0.1:8080", configFor(Map.of("HF_ENDPOINT", "http://127.0.0.1:8080/")).endpoint());
    }
}
