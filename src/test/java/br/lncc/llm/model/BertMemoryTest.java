package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Native memory must not grow with use: every forward pass frees its NDArrays (child manager). */
class BertMemoryTest {

    @Test
    void twoHundredForwardPassesKeepMemoryFlat() throws Exception {
        var bert = SharedBert.model();
        long[] ids = SharedBert.tokenizer().encode("a teddy bear.").ids();
        for (int i = 0; i < 10; i++) bert.forward(ids, BertRequest.EVERYTHING); // warm allocator caches
        int resources = bert.liveResourceCount();
        long rss0 = rssKb();
        for (int i = 0; i < 100; i++) bert.forward(ids, BertRequest.attentionsOnly());
        long rss1 = rssKb();
        for (int i = 0; i < 100; i++) bert.forward(ids, BertRequest.attentionsOnly());
        long rss2 = rssKb();
        assertEquals(resources, bert.liveResourceCount(), "NDArrays left attached to the weights manager");
        // A pass allocates several MB of native activations (12 layers × ~20 tensors): 100 leaked passes would
        // add hundreds of MB. The first hundred may still grow allocator caches; the second must not.
        assertTrue(rss2 - rss1 < 64 * 1024, "native memory grew by " + (rss2 - rss1) + " kB over the second 100 passes");
        System.out.printf("[measure] native RSS (RSS − committed heap) %d MB → %d MB (100 passes) → %d MB (200 passes)%n", rss0 / 1024, rss1 / 1024, rss2 / 1024);
    }

    /**
     * Resident memory outside the Java heap, in kB: the process RSS minus the committed heap, so
     * that the heap growing towards -Xmx (which other test classes in this JVM influence) is not
     * mistaken for a native leak.
     */
    private static long rssKb() throws Exception {
        System.gc();
        long heapKb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) - heapKb;
        }
        return 0;
    }
}
