package br.lncc.llm.bench.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Excel in Portuguese saves CSV with ';' between fields (the comma is the decimal separator);
 * such a file used to fail with "falta a coluna de texto; o cabeçalho tem [texto;sentimento]".
 */
class ExcelCsvTest {
    @Test
    void semicolonSeparatedCsvFromExcelInPortugueseIsRead(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("avaliacoes.csv"),
                "texto;sentimento\r\nfilme ótimo, recomendo;positivo\r\n\"ruim; muito ruim\";negativo\r\n", StandardCharsets.UTF_8);
        var rows = SentimentDataset.read(f);
        assertEquals(2, rows.size());
        assertEquals("filme ótimo, recomendo", rows.get(0).text());
        assertEquals("ruim; muito ruim", rows.get(1).text());
        assertEquals("negativo", rows.get(1).label());
    }
}
