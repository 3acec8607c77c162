package br.lncc.llm.notebooks;

import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.cli.CompanionCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class N01Test {

    @Test
    void toyCellsPrintTheNotebookOracleLinesAndWriteFigures(@TempDir Path dir) throws Exception {
        var bytes = new ByteArrayOutputStream();
        N01.runToys(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("tensor([[0.8660, 0.5000],\n        [0.3660, 1.3660]])"), out);
        assertTrue(out.contains("[-0.3012,  1.3818, -0.0100,  0.9999]"));
        assertTrue(out.contains("tensor([[ 1.0000, -0.1556, -0.9645],\n        [-0.1556,  1.5000,  0.3444],"));
        assertTrue(out.contains("[BASE] Logits reais: [1.0, 0.5, -0.5]"));
        assertTrue(out.contains("[scale=0.5] softmax=[0.444214   0.3459542  0.20983182]  entropy=1.0553"));
        assertTrue(out.contains("[tau=0.25] softmax=[0.87887824 0.11894324 0.00217852]  entropy=0.3801"));
        assertTrue(out.contains("dk=  16  std(raw)=3.388  std(scaled)=0.847"));
        assertTrue(out.contains("tensor([[-0.1103, -0.0910,  0.1237,  0.0754],"));
        assertTrue(out.contains("[MoE] expert por token: [1, 1, 3]"));
        assertTrue(out.contains("[MoE] load por expert: [0.0, 2.0, 0.0, 1.0]"));
        for (String png : new String[] {"N1.15-logits-rope.png", "N1.18-temperatura.png", "N1.22-moe-load.png"}) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        }
    }

    @Test
    void cpuOnlyRunRoutesLikeAMachineWithoutGpu(@TempDir Path dir) throws Exception {
        var bytes = new ByteArrayOutputStream();
        N01.runToys(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, true);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("[MoE] load por expert: [0.0, 2.0, 1.0, 0.0]"));
    }

    @Test
    void unknownNotebookIsAUsageError() {
        assertEquals(2, CompanionCommand.run("notebook", "N99"));
    }

    @Test
    void torchTextSummarisesLikeTorch() {
        var m = new double[11][768];
        for (int i = 0; i < 11; i++) for (int j = 0; j < 768; j++) m[i][j] = (i + 1) * 0.001 * (j % 2 == 0 ? 1 : -1);
        String s = TorchText.tensor(m, true);
        assertTrue(s.startsWith("tensor([[[ 0.0010, -0.0010,  0.0010,  ..., -0.0010,  0.0010, -0.0010],"), s);
        assertTrue(s.contains("         ...,\n"));
        assertEquals(7, s.lines().count());
        assertEquals("[1.0, 0.5, -0.5]", TorchText.pythonList(new double[] {1, 0.5, -0.5}));
        assertEquals("tensor([[ 101, 1037,  102]])", TorchText.tensor(new long[] {101, 1037, 102}));
    }
}
