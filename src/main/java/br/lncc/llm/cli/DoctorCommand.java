package br.lncc.llm.cli;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.platform.AppInfo;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code doctor}: what a student sends when something fails — Java and OS, whether the PyTorch
 * engine loads (and how long it took), where the app keeps its files, the models it sees and the
 * free disk. Exit 0 when everything works, 1 when the engine cannot be loaded.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true)
public final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--json")
    boolean json;

    @Option(names = "--no-engine")
    boolean noEngine;

    public record JavaInfo(String version, String vendor, String home, long maxHeapBytes, int processors) {}

    public record OsInfo(String name, String version, String arch) {}

    /**
     * loadMillis: time of Engine.getEngine("PyTorch") in this process (first run also extracts libtorch).
     * ompWaitPolicy: OMP_WAIT_POLICY as libtorch sees it (the launcher sets PASSIVE; null = spinning default).
     */
    public record EngineInfo(String name, String version, boolean loaded, double loadMillis, String error,
                             String ompWaitPolicy) {}

    public record Directories(String appHome, String config, String models, String results, String hfCache, String djlCache) {}

    public record Disk(String path, long freeBytes, long totalBytes) {}

    public record Report(String app, String version, JavaInfo java, OsInfo os, EngineInfo engine,
                         Directories directories, List<ModelEntry> models, String modelsError, List<Disk> disk) {}

    @Override
    public Integer call() throws IOException {
        Report r = collect(!noEngine);
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            print(r);
        }
        return r.engine().loaded() || noEngine ? 0 : 1;
    }

    public static Report collect(boolean loadEngine) {
        var rt = Runtime.getRuntime();
        var java = new JavaInfo(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.home"), rt.maxMemory(), rt.availableProcessors());
        var os = new OsInfo(System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        EngineInfo engine = loadEngine ? loadEngine() : new EngineInfo("PyTorch", "", false, 0, "not loaded (--no-engine)", ompWaitPolicy());
        HubConfig hub = HubConfig.fromSystem();
        var dirs = new Directories(abs(AppDirs.home()), abs(AppDirs.config()), abs(AppDirs.models()),
                abs(AppDirs.results()), abs(hub.cacheDir()), abs(Utils.getEngineCacheDir()));
        List<ModelEntry> models = List.of();
        String modelsError = null;
        try {
            ModelCatalog catalog = ModelCatalog.forConfig(hub);
            models = catalog.list();
            var problems = catalog.importedProblems();
            if (!problems.isEmpty()) {
                modelsError = String.join("; ", problems.stream().map(m -> m.render(CompanionCommand.language())).toList());
            }
        } catch (br.lncc.llm.text.CompanionException e) {
            modelsError = e.message(CompanionCommand.language());
        } catch (RuntimeException e) {
            modelsError = e.getMessage();
        }
        List<Disk> disk = new ArrayList<>();
        for (Path p : List.of(AppDirs.home(), hub.cacheDir(), Utils.getEngineCacheDir())) disk.add(disk(p));
        return new Report(AppInfo.NAME, AppInfo.version(), java, os, engine, dirs, models, modelsError, disk);
    }

    private static EngineInfo loadEngine() {
        long t0 = System.nanoTime();
        try {
            Engine e = Engine.getEngine("PyTorch");
            // Touch native memory once: getEngine alone may defer parts of the native load.
            try (var m = e.newBaseManager()) {
                m.ones(new ai.djl.ndarray.types.Shape(2, 2)).sum().getFloat();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            return new EngineInfo(e.getEngineName(), e.getVersion(), true, ms, null, ompWaitPolicy());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            double ms = (System.nanoTime() - t0) / 1e6;
            return new EngineInfo("PyTorch", "", false, ms, e.toString(), ompWaitPolicy());
        }
    }

    private static String ompWaitPolicy() {
        return System.getenv("OMP_WAIT_POLICY");
    }

    // The folder may not exist yet (fresh install): report the disk of its nearest existing parent.
    private static Disk disk(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) q = q.getParent();
        try {
            var store = Files.getFileStore(q == null ? Path.of("/") : q);
            return new Disk(abs(p), store.getUsableSpace(), store.getTotalSpace());
        } catch (IOException | RuntimeException e) {
            return new Disk(abs(p), -1, -1);
        }
    }

    private static String abs(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    private static void print(Report r) {
        var out = System.out;
        out.printf("%s %s%n%n", r.app(), r.version());
        out.println(text("cli.doctor.java", r.java().version(), r.java().vendor(), gb(r.java().maxHeapBytes()), r.java().processors()));
        out.println(text("cli.doctor.os", r.os().name(), r.os().version(), r.os().arch()));
        if (r.engine().loaded()) {
            out.println(text("cli.doctor.engine", r.engine().name(), r.engine().version(), String.format(Locale.ROOT, "%.0f", r.engine().loadMillis())));
        } else if (r.engine().loadMillis() == 0) {
            out.println(text("cli.doctor.engineSkipped"));
        } else {
            out.println(text("cli.doctor.engineFailed", r.engine().error()));
        }
        out.println(text("cli.doctor.omp", r.engine().ompWaitPolicy() == null ? text("cli.doctor.ompUnset") : r.engine().ompWaitPolicy()));
        out.println();
        out.println(text("cli.doctor.appHome", r.directories().appHome()));
        out.println(text("cli.doctor.config", r.directories().config()));
        out.println(text("cli.doctor.hfCache", r.directories().hfCache()));
        out.println(text("cli.doctor.djlCache", r.directories().djlCache()));
        out.println();
        out.println(text("cli.doctor.models", r.models().size()));
        for (ModelEntry m : r.models()) {
            out.printf("  %-40s %-9s %10s  %-10s %s%n", m.id(), m.source(), m.sizeBytes() > 0 ? gb(m.sizeBytes()) : "—", m.architecture(),
                    m.statusText().render(CompanionCommand.language()));
        }
        if (r.modelsError() != null) out.println("  " + text("cli.doctor.modelsError", r.modelsError()));
        out.println();
        for (Disk d : r.disk()) out.println(text("cli.doctor.disk", gb(d.freeBytes()), d.path()));
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }

    private static String gb(long bytes) {
        if (bytes < 0) return "?";
        if (bytes < 1L << 30) return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1073741824.0);
    }
}
