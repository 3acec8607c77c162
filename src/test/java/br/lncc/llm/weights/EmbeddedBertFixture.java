package br.lncc.llm.weights;

import br.lncc.llm.task.ProgressSink;
import java.nio.file.Path;

/**
 * The embedded BERT unpacked into the test home (target/test-home), once per JVM and kept across
 * runs until {@code mvn clean}: every test class that needs the real model shares it.
 */
public final class EmbeddedBertFixture {
    private static Path folder;
    private static long unpackMillis = -1;
    private static byte[] index;

    private EmbeddedBertFixture() {}

    public static synchronized Path folder() {
        if (folder == null) {
            long t = System.nanoTime();
            boolean fresh = !EmbeddedBert.isUnpacked();
            folder = EmbeddedBert.ensureUnpacked(ProgressSink.NONE);
            if (fresh) unpackMillis = (System.nanoTime() - t) / 1_000_000;
        }
        return folder;
    }

    /** Milliseconds the first unpack took in this JVM, or -1 if it was already unpacked. */
    public static synchronized long unpackMillis() {
        return unpackMillis;
    }

    /** The raw variables.index of the embedded checkpoint. */
    public static synchronized byte[] variablesIndex() {
        if (index == null) {
            try {
                index = java.nio.file.Files.readAllBytes(folder().resolve(EmbeddedBert.TF_INDEX_COPY));
            } catch (java.io.IOException e) {
                index = EmbeddedBertArchive.readSmallEntry(EmbeddedBertArchive.VARIABLES_INDEX);
            }
        }
        return index;
    }
}
