package br.lncc.llm.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Gives CLI tests in other packages the hub test fixtures. */
public final class CliFixtures implements AutoCloseable {
    private final FakeHub hub;

    public CliFixtures() throws IOException {
        hub = new FakeHub();
    }

    public String endpoint() {
        return hub.endpoint();
    }

    public void tinyRepo(String id, String commit) {
        hub.repo(id, commit, Map.of("config.json", HubFixtures.gpt2Config(),
                "model.safetensors", HubFixtures.safetensors("wte.weight", 2048, 9)));
    }

    public int requestCount() {
        return hub.requests.size();
    }

    public static Path localModel(Path dir) throws IOException {
        return HubFixtures.localModel(dir);
    }

    @Override
    public void close() {
        hub.close();
    }
}
