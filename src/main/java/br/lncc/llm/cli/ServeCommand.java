package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.serve.OpenAiServer;
import br.lncc.llm.serve.ServeOptions;
import br.lncc.llm.serve.ServedModel;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cap. 9.1.1: serves a model over the OpenAI REST API on this machine until Ctrl+C, so scripts
 * written for the OpenAI client (base_url="http://127.0.0.1:8080/v1") run against it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model")
    String model;

    @Option(names = "--adapter")
    Path adapter;

    @Option(names = "--port", defaultValue = "8080")
    int port;

    @Option(names = "--host", defaultValue = ServeOptions.DEFAULT_HOST)
    String host;

    @Option(names = "--api-key")
    String apiKey;

    @Option(names = "--max-concurrent", defaultValue = "1")
    int maxConcurrent;

    @Option(names = "--queue", defaultValue = "" + ServeOptions.DEFAULT_QUEUE)
    int queue;

    @Option(names = "--nf4")
    boolean nf4;

    @Option(names = "--log-prompts")
    boolean logPrompts;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (maxConcurrent < 1) throw new IllegalArgumentException(text("cli.serve.maxConcurrent"));
            if (queue < 0) throw new IllegalArgumentException(text("cli.serve.queue"));
            if (port < 0 || port > 65535) throw new IllegalArgumentException(text("cli.serve.port"));
            if ((apiKey == null || apiKey.isBlank()) && !ServeOptions.isLoopback(host)) {
                throw new IllegalArgumentException(text("cli.serve.hostNeedsKey", host));
            }
            if (adapter != null && !Files.isDirectory(adapter)) throw new IllegalArgumentException(text("cli.serve.adapterNotFolder", adapter));
            var options = new ServeOptions(host, port, apiKey, maxConcurrent, queue, ServeOptions.DEFAULT_MAX_BODY, logPrompts);
            Path folder = model == null ? ServedModel.courseModelFolder() : ModelResolver.standard().resolve(model, new StderrProgress());
            var refused = ServedModel.refusal(folder, nf4, adapter != null);
            if (refused.isPresent()) throw new IllegalArgumentException(refused.get().render(CompanionCommand.language()));
            String id = model == null ? ServedModel.COURSE_MODEL_ID : modelId(model);
            System.err.println(text("cli.serve.loading", folder));
            ServedModel served = ServedModel.open(id, folder, nf4, adapter);
            OpenAiServer server;
            try {
                server = OpenAiServer.start(served, options, entry -> System.err.println(entry.line()));
            } catch (BindException e) {
                served.close();
                throw new IllegalArgumentException(text("cli.serve.portInUse", String.valueOf(port), host));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                served.close();
                stopped.countDown();
            }, "serve-shutdown"));
            System.err.println(text("cli.serve.serving", id, server.baseUrl(), served.model().maxPositions(),
                    text(served.hasChatTemplate() ? "cli.serve.chatml" : "cli.serve.raw"), apiKey != null ? text("cli.serve.keyRequired") : ""));
            // The JSON of the example is an argument: MessageFormat would read its braces as placeholders.
            System.err.println(text("cli.serve.example", "curl " + server.baseUrl() + "/chat/completions -H 'Content-Type: application/json' "
                    + "-d '{\"model\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text("cli.serve.hello") + "\"}]}'"));
            stopped.await();
            return 0;
        });
    }

    /** The id clients name: the folder's name for a local folder, the Hub id as typed otherwise. */
    static String modelId(String given) {
        String g = given.trim();
        Path p = Path.of(g);
        if (Files.isDirectory(p)) {
            Path name = p.toAbsolutePath().normalize().getFileName();
            return name == null ? g : name.toString();
        }
        return g;
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }
}
