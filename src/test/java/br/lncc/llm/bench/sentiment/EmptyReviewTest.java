package br.lncc.llm.bench.sentiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.BenchmarkException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A review with no text used to be judged anyway: the model classified an empty prompt. */
class EmptyReviewTest {
    @Test
    void aRowWithoutTextIsNamedInCsvAndJsonl(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("d.csv"), "text,label\nbom,positivo\n   ,negativo\n");
        var e = assertThrows(BenchmarkException.class, () -> SentimentDataset.read(csv));
        assertTrue(e.getMessage().contains("registro 3") && e.getMessage().contains("vazio"), e.getMessage());
        Path jsonl = Files.writeString(dir.resolve("d.jsonl"), "{\"text\":\"\",\"label\":\"positivo\"}\n");
        e = assertThrows(BenchmarkException.class, () -> SentimentDataset.read(jsonl));
        assertTrue(e.getMessage().contains("linha 1") && e.getMessage().contains("vazio"), e.getMessage());
    }
}
