package br.lncc.llm.bench;

import br.lncc.llm.WriteFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Results written one JSON object per line and flushed after each, so a crash or kill loses at
 * most the record being written. Reading tolerates a torn last line (the one a kill cut) and
 * {@link #openForAppend} drops it, so a resumed run continues from the last complete record.
 */
public final class JsonlLog implements AutoCloseable {
    /** Records are written with snake_case names, the seed's JSON style. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private final Path file;
    private final OutputStream out;

    private JsonlLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Complete records of the file; an empty list if it does not exist. */
    public static List<JsonNode> read(Path file) {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(file)) return records;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    records.add(JSON.readTree(line));
                } catch (IOException torn) {
                    break; // a line cut by a crash ends the usable part of the log
                }
            }
        } catch (IOException e) {
            throw new BenchmarkException("não foi possível ler os resultados parciais em " + file + ": " + e.getMessage(), e);
        }
        return records;
    }

    /**
     * A run that does not resume starts its log from scratch; when the log already holds measured
     * records we stop instead, so repeating a run (command line or the Benchmark tab) never wipes
     * hours of results. Shared by the CLI and the UI.
     */
    public static void refuseToOverwrite(Path log) {
        int records = read(log).size();
        if (records > 0) {
            throw new BenchmarkException(log.getFileName() + " em " + log.toAbsolutePath().getParent() + " já tem " + records
                    + " resultado(s) medido(s): continue essa execução (--resume, ou \"Continuar execução interrompida\" na aba"
                    + " Benchmark) ou escolha outra pasta (--out); nada foi apagado");
        }
    }

    /**
     * Opens for appending after the complete records (resume) or truncates (fresh run).
     * Anything after the last complete line is removed first.
     */
    public static JsonlLog openForAppend(Path file, boolean resume) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!resume) {
                Files.deleteIfExists(file);
            } else if (Files.exists(file)) {
                List<JsonNode> keep = read(file);
                StringBuilder sb = new StringBuilder();
                for (JsonNode n : keep) sb.append(JSON.writeValueAsString(n)).append('\n');
                Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
            }
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new JsonlLog(file, out);
        } catch (IOException e) {
            throw new BenchmarkException("não foi possível abrir o arquivo de resultados " + file + ": " + WriteFailure.explain(e), e);
        }
    }

    /** Writes one record as a line and flushes it to the operating system. */
    public void append(Object record) {
        try {
            byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new BenchmarkException("não foi possível gravar em " + file
                    + " (disco cheio ou sem permissão?). Os resultados anteriores estão preservados. Detalhe: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // every record was already flushed; nothing is lost by a failed close
        }
    }
}
