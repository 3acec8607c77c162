package br.lncc.llm.cli;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.hub.EmbeddedModel;
import br.lncc.llm.hub.HfCache;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.HubException;
import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.text.Messages;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.model.ModelSummary;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code models list|download|import}: the model manager from the command line. */
@Command(name = "models", mixinStandardHelpOptions = true)
public final class ModelsCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final HubConfig fixedConfig;
    private final Path importedFile;

    /** The real environment (HF_HOME, HF_ENDPOINT, HF_TOKEN...), the app's offline switch and config folder. */
    public ModelsCommand() {
        this(null, null);
    }

    /** For tests: a given hub configuration and imported-models file. */
    public ModelsCommand(HubConfig config, Path importedFile) {
        this.fixedConfig = config;
        this.importedFile = importedFile;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list(@Option(names = "--json") boolean json) {
        return guarded(() -> {
            ModelCatalog catalog = catalog(config(false));
            List<ModelEntry> entries = catalog.list();
            // A broken entry of imported-models.json is named, never a reason to hide the rest.
            var lang = CompanionCommand.language();
            for (var problem : catalog.importedProblems()) err().println(Messages.render(lang, "notice.prefix", problem.render(lang)));
            if (json) {
                var array = JSON.createArrayNode();
                for (ModelEntry e : entries) {
                    ModelSummary m = ModelSummary.of(e.path());
                    var node = JSON.valueToTree(e);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("parameters", m.parameters())
                            .put("dtype", m.dtype()).put("memory_bytes", m.memoryBytes());
                    array.add(node);
                }
                out().println(JSON.writeValueAsString(array));
            } else {
                for (ModelEntry e : entries) {
                    ModelSummary m = ModelSummary.of(e.path());
                    String params = m.parameters() < 0 ? "?" : String.format(Locale.ROOT, "%.1fM", m.parameters() / 1e6);
                    String memory = m.memoryBytes() < 0 ? "?" : humanBytes(m.memoryBytes());
                    out().printf(Locale.ROOT, "%-40s %-9s %-13s %10s  %-12s %9s %-9s %10s  %s%n", e.id(), e.source(),
                            e.status(), humanBytes(e.sizeBytes()), e.architecture(), params, m.dtype(), memory, e.path());
                }
                out().println(CompanionCommand.text("cli.models.cache", catalog(config(false)).cacheFolder()));
            }
            return 0;
        });
    }

    @Command(name = "download", mixinStandardHelpOptions = true)
    int download(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--revision", paramLabel = "R", defaultValue = HfCache.DEFAULT_REVISION) String revision,
            @Option(names = "--offline") boolean offline,
            @Option(names = "--json") boolean json) {
        return guarded(() -> {
            if (EmbeddedModel.isEmbeddedId(id)) {
                Path folder = EmbeddedModel.ensureUnpacked(new StderrProgress(err()));
                if (json) {
                    ObjectNode node = JSON.createObjectNode().put("id", EmbeddedModel.ID).put("path", folder.toString());
                    out().println(JSON.writeValueAsString(node));
                } else {
                    out().println(folder);
                }
                return 0;
            }
            HubClient client = new HubClient(config(offline));
            HubClient.DownloadResult r = client.download(id, revision, new StderrProgress(err()));
            if (json) {
                ObjectNode node = JSON.createObjectNode()
                        .put("id", r.repoId()).put("revision", r.revision()).put("commit", r.commit())
                        .put("path", r.snapshot().toString())
                        .put("bytes_downloaded", r.bytesDownloaded())
                        .put("seconds", r.seconds())
                        .put("bytes_per_s", r.bytesPerSecond());
                r.files().forEach(node.putArray("files")::add);
                out().println(JSON.writeValueAsString(node));
            } else {
                out().println(r.snapshot());
            }
            return 0;
        });
    }

    @Command(name = "import", mixinStandardHelpOptions = true)
    int importFolder(
            @Parameters(paramLabel = "DIR") Path dir,
            @Option(names = "--json") boolean json) {
        return guarded(() -> {
            ModelEntry e = catalog(config(false)).importFolder(dir);
            out().println(json ? JSON.writeValueAsString(e) : CompanionCommand.text("cli.models.imported", e.path(), e.architecture()));
            return 0;
        });
    }

    private interface Action {
        int run() throws Exception;
    }

    /** Exit 1 with a clear message on stderr for every runtime failure, in the CLI's language; never a stack trace. */
    private int guarded(Action action) {
        try {
            return action.run();
        } catch (Exception e) {
            return CliErrors.report(e, err());
        }
    }

    private HubConfig config(boolean offline) {
        HubConfig base = fixedConfig != null ? fixedConfig : HubConfig.forApp();
        return base.withOffline(offline);
    }

    private ModelCatalog catalog(HubConfig config) {
        Path file = importedFile != null ? importedFile : AppDirs.config().resolve("imported-models.json");
        return new ModelCatalog(new HfCache(config.cacheDir()), file, EmbeddedModel.folder());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static String humanBytes(long n) {
        if (n < 1000) return n + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Progress lines on stderr (stdout stays clean for --json), at most one per second. */
    static final class StderrProgress implements ProgressSink {
        private final PrintWriter err;
        private long lastNanos;

        StderrProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void update(long done, long total, String message) {
            long now = System.nanoTime();
            if (now - lastNanos < 1_000_000_000L && (total <= 0 || done < total)) return;
            lastNanos = now;
            String pct = total > 0 ? String.format(Locale.ROOT, "%3d%% ", Math.min(100, done * 100 / total)) : "";
            err.println(pct + message);
            err.flush();
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
