package br.lncc.llm.bench.sentiment;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prompt-repetition experiment (seed 000): every review classified with the normal and the
 * repeated prompt, greedy, 3 new tokens; one JSONL line per review, flushed; the report is
 * assembled from the log so cancel or a crash keeps everything already judged.
 */
public final class SentimentExperiment {
    public static final int MAX_NEW_TOKENS = 3;
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static Path logFile(Path outDir, String model) {
        return outDir.resolve("sentiment_" + br.lncc.llm.bench.energy.EnergyBenchmark.slug(model) + ".jsonl");
    }

    public static Path reportFile(Path outDir, String model) {
        return outDir.resolve("sentiment_" + br.lncc.llm.bench.energy.EnergyBenchmark.slug(model) + ".json");
    }

    public SentimentReport run(TextCompleter model, List<LabeledText> samples, String datasetName, long seed,
                               Path outDir, boolean resume, ProgressSink progress) {
        if (samples.isEmpty()) throw new BenchmarkException("nenhuma amostra para avaliar");
        Path logPath = logFile(outDir, model.name());
        Map<Integer, SampleResult> done = new TreeMap<>();
        if (resume) {
            for (JsonNode n : JsonlLog.read(logPath)) {
                SampleResult r = JSON.convertValue(n, SampleResult.class);
                int i = r.index();
                if (i < 1 || i > samples.size()) continue;
                // Judging the new sample on top would leave two runs mixed in one log.
                if (!samples.get(i - 1).id().equals(r.id())) {
                    throw new BenchmarkException("os resultados em " + logPath + " são de outra amostra: a amostra " + i
                            + " gravada é a de id " + r.id() + ", mas esta execução sorteou a de id " + samples.get(i - 1).id()
                            + " (a semente ou o dataset mudaram?). Use as mesmas opções para continuar"
                            + " ou outra pasta de resultados (nada foi apagado).");
                }
                done.put(i, r);
            }
        }
        int total = samples.size();
        // Not resuming starts the log from scratch: never over measurements already there.
        if (!resume) JsonlLog.refuseToOverwrite(logPath);
        try (JsonlLog out = JsonlLog.openForAppend(logPath, resume)) {
            for (int i = 1; i <= total; i++) {
                if (done.containsKey(i)) continue;
                if (progress.isCancelled()) break;
                SampleResult r = judge(model, i, samples.get(i - 1));
                out.append(r);
                done.put(i, r);
                progress.update(done.size(), total, model.name() + ": amostra " + done.size() + "/" + total);
            }
        }
        List<SampleResult> results = new ArrayList<>(done.values());
        SentimentReport report = new SentimentReport(model.name(), datasetName, total, seed, MAX_NEW_TOKENS,
                results.size() == total, SentimentMetrics.of(results), results);
        write(reportFile(outDir, model.name()), report);
        return report;
    }

    static SampleResult judge(TextCompleter model, int index, LabeledText sample) {
        String pn = SentimentPrompts.normal(sample.text());
        long t0 = System.nanoTime();
        TextCompleter.Completion cn = model.complete(pn, MAX_NEW_TOKENS);
        double latN = (System.nanoTime() - t0) / 1e9;
        String pr = SentimentPrompts.repeated(sample.text());
        long t1 = System.nanoTime();
        TextCompleter.Completion cr = model.complete(pr, MAX_NEW_TOKENS);
        double latR = (System.nanoTime() - t1) / 1e9;
        String predN = SentimentPrompts.prediction(pn, cn.text());
        String predR = SentimentPrompts.prediction(pr, cr.text());
        return new SampleResult(index, sample.id(), sample.label(), sample.text(), predN, predR,
                SentimentPrompts.correct(sample.label(), predN), SentimentPrompts.correct(sample.label(), predR),
                latN, latR, cn.inputTokens(), cr.inputTokens(), cn.truncated() || cr.truncated());
    }

    /** One review judged, outside a run (tests check determinism with it). */
    public static SampleResult judgeForTest(TextCompleter model, int index, LabeledText sample) {
        return judge(model, index, sample);
    }

    static void write(Path file, SentimentReport report) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), report);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BenchmarkException("não foi possível gravar " + file + " (as amostras continuam no .jsonl): " + e.getMessage(), e);
        }
    }

    public static SentimentReport readReport(Path file) {
        try {
            return JSON.readValue(file.toFile(), SentimentReport.class);
        } catch (IOException e) {
            throw new BenchmarkException("arquivo de resultados inválido " + file + ": " + e.getMessage(), e);
        }
    }
}
