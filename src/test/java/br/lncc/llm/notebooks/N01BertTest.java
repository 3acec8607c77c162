package br.lncc.llm.notebooks;

import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.model.SharedBert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class N01BertTest {

    @Test
    void bertCellsPrintTheNotebookOracleLinesAndWriteFigures(@TempDir Path dir) throws Exception {
        var bytes = new ByteArrayOutputStream();
        N01.runBert(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, SharedBert.model(), SharedBert.tokenizer());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("A cute teddy bear is reading a book."));
        assertTrue(out.contains("00  [CLS]\n01  a\n02  cute\n03  teddy"), out);
        assertTrue(out.contains("10  [SEP]"));
        assertTrue(out.contains("Shape: (1, 11)"));
        assertTrue(out.contains("tensor([[  101,  1037, 10140, 11389,  4562,  2003,  3752,  1037,  2338,  1012,   102]])"));
        assertTrue(out.contains("tensor([[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]])"));
        assertTrue(out.contains("(1, 11, 768)"));
        assertTrue(out.contains("tensor([[[ 0.0136, -0.0265, -0.0235,  ...,  0.0087,  0.0071,  0.0151],"), out);
        assertTrue(out.contains("[BERT] Número de camadas: 12"));
        assertTrue(out.contains("[BERT] Shape da atenção (camada 0): (1, 12, 11, 11)"));
        assertTrue(out.contains("[BERT] Token 'teddy' atende mais para:\n"
                + "  -> pos 05 'is'  peso=0.1333\n"
                + "  -> pos 00 '[CLS]'  peso=0.1318\n"
                + "  -> pos 10 '[SEP]'  peso=0.1311\n"
                + "  -> pos 09 '.'  peso=0.1176\n"
                + "  -> pos 06 'reading'  peso=0.0869"), out);
        for (String png : new String[] {"N1.07-pca.png", "N1.09-atencao-camada0-cabeca0.png",
            "N1.07-heatmap-camada11-cabeca0.png", "N1.07-setas-camada11-cabeca0.png"}) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        }
    }
}
