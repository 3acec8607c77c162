package br.lncc.llm.bench.sentiment;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.hub.DatasetRowsClient;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the reviews come from: "demo" (the shipped demo set), "hf:owner/name" (datasets-server
 * rows, downloaded once into the app's dataset cache as JSONL) or a CSV/JSONL file.
 */
public final class DatasetSource {
    private DatasetSource() {}

    public static final String DEMO = "demo";
    public static final String IMDB_PT_BR = "hf:celsowm/imdb-reviews-pt-br";

    public static List<LabeledText> load(String spec, Supplier<DatasetRowsClient> client, ProgressSink progress) {
        if (spec.equalsIgnoreCase(DEMO)) return SentimentDataset.demo();
        if (spec.startsWith("hf:")) return fromHub(spec.substring(3), client, progress);
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) throw new BenchmarkException("benchdata.dataset.notFound", new Object[] {file.toAbsolutePath()}, "");
        return SentimentDataset.read(file);
    }

    public static Path cacheFile(String datasetId) {
        return AppDirs.home().resolve("datasets").resolve(datasetId.replaceAll("[^A-Za-z0-9.\\-]+", "_") + ".jsonl");
    }

    static List<LabeledText> fromHub(String datasetId, Supplier<DatasetRowsClient> client, ProgressSink progress) {
        Path cache = cacheFile(datasetId);
        List<JsonNode> rows = JsonlLog.read(cache);
        if (rows.isEmpty()) {
            DatasetRowsClient c = client.get();
            String[] configSplit = c.defaultSplit(datasetId);
            rows = c.allRows(datasetId, configSplit[0], configSplit[1], progress);
            // written whole only after a complete download, so a partial cache never exists
            Path tmp = cache.resolveSibling(cache.getFileName() + ".part");
            try (JsonlLog out = JsonlLog.openForAppend(tmp, false)) {
                for (JsonNode r : rows) out.append(r);
            }
            try {
                Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.dataset.cacheFailed", cache), String.valueOf(e.getMessage()), e);
            }
        }
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) out.add(SentimentDataset.fromRow(rows.get(i), i, br.lncc.llm.text.Message.of("benchdata.where.line", datasetId, i + 1)));
        if (out.isEmpty()) throw new BenchmarkException("benchdata.dataset.noRows", new Object[] {datasetId}, "");
        return out;
    }
}
