package br.lncc.llm.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-training lab's tokenizers: BPE merges, UTF-8 round trips, and DJL reading them unchanged. */
class ByteLevelBpeTest {

    static final String PORTUGUESE = """
            O sistema operacional Linux é um software livre. A configuração do kernel é feita pelo administrador.
            Para instalar um programa, use o comando apt-get install; para remover, apt-get remove.
            As permissões de acesso dos arquivos e diretórios são definidas pelo dono, pelo grupo e pelos outros.
            """.repeat(4);

    static final List<String> TRICKY = List.of(
            "ação, coração e não — acentos", "emoji 🙂👩‍💻 e bandeira 🇧🇷", "controle \u0000\u0007\t\r\n fim",
            "  espaços   múltiplos\n\n\nlinhas", "日本語のテキスト", "números 12345 e 3,14", "it's we're I'll",
            "\u00a0espaço\u2003largo\u2028", "", "ção", "ãããã 🙂🙂🙂");

    @Test
    void mergesReproduceTheHandWorkedExample() {
        // Wikipedia's BPE example, one pre-token: aa→Z, then (tie Za/ab, smaller pair first) ab→Y, then ZY→X.
        ByteLevelBpe bpe = ByteLevelBpe.train("aaabdaaabac", 300, null, () -> false);
        var m = bpe.merges();
        assertEquals(3, m.size(), "no pair occurs twice after three merges");
        assertEquals(List.of((int) 'a', (int) 'a', 4L), List.of(m.get(0).left(), m.get(0).right(), m.get(0).count()));
        assertEquals(List.of((int) 'a', (int) 'b', 2L), List.of(m.get(1).left(), m.get(1).right(), m.get(1).count()));
        assertEquals(List.of(256, 257, 2L), List.of(m.get(2).left(), m.get(2).right(), m.get(2).count()));
        // "XdXac": X = aaab.
        assertArrayEquals(new int[] {258, 'd', 258, 'a', 'c'}, bpe.encode("aaabdaaabac"));
        assertEquals("aaab", bpe.piece(258));
        assertEquals(260, bpe.vocabSize(), "256 bytes + 3 merges + <|endoftext|>");
    }

    @Test
    void anyUtf8TextRoundTrips() {
        ByteLevelBpe bpe = ByteLevelBpe.train(PORTUGUESE, 400, null, () -> false);
        for (String s : TRICKY) assertEquals(s, bpe.decode(bpe.encode(s)), s);
        assertTrue(bpe.compressionRatio(PORTUGUESE) > 2, "merges learned on the text compress it");
    }

    @Test
    void halfACharacterShowsItsBytesNotTheReplacementCharacter() {
        // The pre-training samples (6.1/6.2) show a half-written character as page 4.8 does: <0xNN>, never "�".
        ByteLevelBpe bpe = ByteLevelBpe.train(PORTUGUESE, 300, null, () -> false);
        assertEquals("ação 🙂", bpe.decodeShowingBytes(bpe.encode("ação 🙂")));
        assertEquals("a<0xC3>ok", bpe.decodeShowingBytes(new int[] {'a', 0xC3, 'o', 'k'}));
        assertEquals("<0xA7><0xC3>", bpe.decodeShowingBytes(new int[] {0xA7, 0xC3}));
        assertEquals("a\uFFFDok", bpe.decode(new int[] {'a', 0xC3, 'o', 'k'}), "plain decode keeps U+FFFD");
        CharTokenizer chars = CharTokenizer.of("ação");
        assertEquals("ação", chars.decodeShowingBytes(chars.encode("ação")));
    }

    @Test
    void djlReadsTheTokenizerJsonAndGivesTheTrainersIds(@TempDir Path dir) {
        ByteLevelBpe bpe = ByteLevelBpe.train(PORTUGUESE, 400, null, () -> false);
        Path file = dir.resolve("tokenizer.json");
        bpe.writeJson(file);
        try (TextTokenizer djl = TextTokenizer.fromFile(file)) {
            assertEquals(bpe.vocabSize(), djl.vocabSize());
            for (String s : TRICKY) {
                if (s.isEmpty()) continue;
                long[] ids = djl.encode(s, false).ids();
                assertArrayEquals(toLong(bpe.encode(s)), ids, s);
                assertEquals(s, djl.decode(ids, true), s);
            }
            long[] corpus = djl.encode(PORTUGUESE, false).ids();
            assertArrayEquals(toLong(bpe.encode(PORTUGUESE)), corpus);
        }
        ByteLevelBpe back = ByteLevelBpe.readJson(file);
        assertArrayEquals(bpe.encode(PORTUGUESE), back.encode(PORTUGUESE), "merges survive the JSON");
    }

    @Test
    void characterTokenizerRoundTripsAndDjlAgrees(@TempDir Path dir) {
        CharTokenizer chars = CharTokenizer.of(PORTUGUESE + "🙂");
        Path file = dir.resolve("tokenizer.json");
        chars.writeJson(file);
        String s = "A configuração 🙂\nfim";
        assertEquals(s, chars.decode(chars.encode(s)));
        try (TextTokenizer djl = TextTokenizer.fromFile(file)) {
            long[] ids = djl.encode(s, false).ids();
            assertArrayEquals(toLong(chars.encode(s)), ids);
            assertEquals(s, djl.decode(ids, true));
            assertEquals(chars.vocabSize(), djl.vocabSize());
        }
        assertArrayEquals(chars.codePoints(), CharTokenizer.readJson(file).codePoints());
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
