package br.lncc.llm.tokenize;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.weights.EmbeddedBertArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real bert-base-uncased vocabulary and a tokenizer.json generated from it, made once per JVM. */
public final class BertVocabFixture {
    private static List<String> vocab;
    private static Path folder;

    private BertVocabFixture() {}

    public static synchronized List<String> vocab() {
        if (vocab == null) {
            vocab = WordPieceTokenizerJson.parseVocab(
                    new String(EmbeddedBertArchive.readSmallEntry(EmbeddedBertArchive.VOCAB), StandardCharsets.UTF_8));
        }
        return vocab;
    }

    /** A folder holding only tokenizer.json, as a minimal model folder. */
    public static synchronized Path tokenizerFolder() {
        if (folder == null) {
            try {
                Path dir = AppDirs.home().resolve("fixtures/wordpiece-tokenizer");
                Files.createDirectories(dir);
                WordPieceTokenizerJson.write(vocab(), dir.resolve(TextTokenizer.FILE_NAME));
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
