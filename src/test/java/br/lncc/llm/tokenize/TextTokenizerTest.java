package br.lncc.llm.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.platform.AppDirs;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    @Test
    void encodesTheBookSentenceWithBertIds() {
        try (var tok = TextTokenizer.fromFolder(BertVocabFixture.tokenizerFolder())) {
            var e = tok.encode("A cute teddy bear is reading a book.");
            assertArrayEquals(new long[] {101, 1037, 10140, 11389, 4562, 2003, 3752, 1037, 2338, 1012, 102}, e.ids());
            assertArrayEquals(
                    new String[] {"[CLS]", "a", "cute", "teddy", "bear", "is", "reading", "a", "book", ".", "[SEP]"},
                    e.tokens());
            assertArrayEquals(new long[11], e.typeIds());
            for (long m : e.attentionMask()) assertEquals(1, m);
            assertEquals(30522, tok.vocabSize());
        }
    }

    @Test
    void doesNotTruncateAt512Tokens() {
        try (var tok = TextTokenizer.fromFolder(BertVocabFixture.tokenizerFolder())) {
            String text = "INICIO " + "bla ".repeat(1500) + "FIM";
            var e = tok.encode(text);
            assertTrue(e.size() > 1500, "got " + e.size());
            assertEquals(e.size() - 2, tok.encode(text, false).size());
        }
    }

    @Test
    void decodesBackToText() {
        try (var tok = TextTokenizer.fromFolder(BertVocabFixture.tokenizerFolder())) {
            var e = tok.encode("A cute teddy bear is reading a book.");
            assertEquals("[CLS] a cute teddy bear is reading a book. [SEP]", tok.decode(e.ids()));
            assertEquals("a cute teddy bear is reading a book.", tok.decode(e.ids(), true));
        }
    }

    @Test
    void missingTokenizerJsonIsAClearError() throws Exception {
        Path empty = Files.createDirectories(AppDirs.home().resolve("fixtures/no-tokenizer"));
        var ex = assertThrows(TokenizerException.class, () -> TextTokenizer.fromFolder(empty));
        assertTrue(ex.getMessage().contains("tokenizer.json"), ex.getMessage());
    }

    @Test
    void corruptTokenizerJsonIsAClearError() throws Exception {
        Path dir = Files.createDirectories(AppDirs.home().resolve("fixtures/bad-tokenizer"));
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\", \"vo");
        var ex = assertThrows(TokenizerException.class, () -> TextTokenizer.fromFolder(dir));
        assertTrue(ex.getMessage().contains("tokenizer"), ex.getMessage());
    }

    /** A GPT-2-style byte-level BPE tokenizer.json (tiny vocabulary, real format) loads and round-trips. */
    @Test
    void worksForByteLevelBpeTokenizers() throws Exception {
        Path dir = Files.createDirectories(AppDirs.home().resolve("fixtures/byte-bpe"));
        Files.writeString(dir.resolve("tokenizer.json"), byteLevelBpeJson());
        try (var tok = TextTokenizer.fromFolder(dir)) {
            var e = tok.encode("the cat the");
            assertEquals(List.of("the", "Ġc", "a", "t", "Ġthe"), List.of(e.tokens()));
            assertEquals("the cat the", tok.decode(e.ids()));
            assertEquals(256 + 4, tok.vocabSize());
            assertEquals(1000, tok.encode(" the".repeat(1000)).size(), "no truncation at 512");
        }
    }

    /** GPT-2's byte-to-unicode table: printable bytes map to themselves, the rest to 256+n. */
    private static String byteLevelBpeJson() throws Exception {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
                .put("use_regex", true);
        root.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", false)
                .put("use_regex", true);
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode model = root.putObject("model").put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        ObjectNode vocab = model.putObject("vocab");
        List<String> symbols = new ArrayList<>();
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            symbols.add(new String(Character.toChars(printable ? b : 256 + extra++)));
        }
        for (int i = 0; i < symbols.size(); i++) vocab.put(symbols.get(i), i);
        List<String> merges = List.of("t h", "th e", "Ġ c", "Ġ the");
        int id = 256;
        for (String merge : merges) vocab.put(merge.replace(" ", ""), id++);
        var mergesNode = model.putArray("merges");
        merges.forEach(mergesNode::add);
        return mapper.writeValueAsString(root);
    }

    @Test
    void bytesThatFormNoCharacterShowAsHexNotAsReplacementCharacters() {
        // The tiny Qwen2's vocabulary is the 256 bytes (GPT-2's bytes_to_unicode pieces): "é" is 0xC3 0xA9.
        try (var tok = TextTokenizer.fromFile(java.nio.file.Path.of("src/main/resources/br/lncc/llm/lesson/tiny-qwen2/tokenizer.json"))) {
            long[] e = tok.encode("é", false).ids();
            assertEquals(2, e.length);
            assertEquals("é", tok.decodeShowingBytes(e, false));
            assertEquals("<0xC3>", tok.decodeShowingBytes(new long[] {e[0]}, false));
            assertEquals("<0xA9>", tok.decodeShowingBytes(new long[] {e[1]}, false));
            long[] a = tok.encode("a", false).ids();
            assertEquals("a<0xA9>a", tok.decodeShowingBytes(new long[] {a[0], e[1], a[0]}, false));
        }
    }

    @Test
    void showingBytesKeepsWellFormedCharactersAndMarksTheRest() {
        assertEquals("ação", TextTokenizer.showingBytes("ação".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("<0xE2><0x82>x", TextTokenizer.showingBytes(new byte[] {(byte) 0xE2, (byte) 0x82, 'x'}));
        assertEquals("<0xC0><0xAF>", TextTokenizer.showingBytes(new byte[] {(byte) 0xC0, (byte) 0xAF}), "overlong form");
    }
}
