package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.serve.OpenAiServer;
import br.lncc.llm.serve.ServeOptions;
import br.lncc.llm.serve.ServedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code companion serve}: its refusals, and the same tokens as {@code companion generate} for the same seed. */
class ServeCommandTest {

    @Test
    void theSameSeedGivesTheSameTokensThroughTheServerAndThroughGenerate() throws Exception {
        String prompt = "Hello world, this is";
        var cli = Gpt2CommandsTest.run("generate", "--model", Gpt2CommandsTest.TINY.toString(), "--prompt", prompt,
                "--max-new-tokens", "12", "--temperature", "0.9", "--top-p", "0.95", "--seed", "7", "--json");
        assertEquals(0, cli.exit(), cli.err());
        JsonNode generated = cli.json();
        try (ServedModel model = ServedModel.open("gpt2-tiny", Gpt2CommandsTest.TINY);
                OpenAiServer server = OpenAiServer.start(model, ServeOptions.local(0), e -> {})) {
            var body = new ObjectMapper().createObjectNode().put("model", "gpt2-tiny").put("prompt", prompt)
                    .put("max_tokens", 12).put("temperature", 0.9).put("top_p", 0.95).put("seed", 7).put("logprobs", 1);
            var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode choice = new ObjectMapper().readTree(r.body()).get("choices").get(0);
            assertEquals(generated.get("text").asText(), choice.get("text").asText());
            JsonNode tokens = choice.get("logprobs").get("tokens");
            assertEquals(generated.get("ids").size(), tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                assertEquals(model.tokenText(generated.get("ids").get(i).asLong()), tokens.get(i).asText(), "token " + i);
            }
        }
    }

    @Test
    void anOpenHostWithoutAKeyIsRefusedBeforeLoadingAnything() {
        var r = Gpt2CommandsTest.run("serve", "--model", Gpt2CommandsTest.TINY.toString(), "--host", "0.0.0.0", "--port", "0");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--api-key"), r.err());
    }

    @Test
    void nf4WithAnAdapterIsRefused() throws Exception {
        Path adapter = Files.createTempDirectory("adapter");
        try {
            var r = Gpt2CommandsTest.run("serve", "--model", Gpt2CommandsTest.TINY.toString(), "--nf4", "--adapter", adapter.toString(),
                    "--port", "0");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("--adapter") && r.err().contains("float32"), r.err());
        } finally {
            Files.delete(adapter);
        }
    }

    /** GPT-2 is served in NF4 too, loaded straight into it: the decode step reads the packed weights. */
    @Test
    void gpt2IsServedInNf4() throws Exception {
        try (ServedModel model = ServedModel.open("gpt2-tiny", Gpt2CommandsTest.TINY, true, null);
                OpenAiServer server = OpenAiServer.start(model, ServeOptions.local(0), e -> {})) {
            var body = new ObjectMapper().createObjectNode().put("model", "gpt2-tiny").put("prompt", "Hello world")
                    .put("max_tokens", 4).put("temperature", 0);
            var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(new ObjectMapper().readTree(r.body()).get("usage").get("completion_tokens").asInt() > 0, r.body());
        }
    }

    @Test
    void theModelIdIsTheFolderNameOrTheHubId() {
        assertEquals("gpt2-tiny", ServeCommand.modelId(Gpt2CommandsTest.TINY.toString()));
        assertEquals("openai-community/gpt2", ServeCommand.modelId("openai-community/gpt2 "));
    }
}
