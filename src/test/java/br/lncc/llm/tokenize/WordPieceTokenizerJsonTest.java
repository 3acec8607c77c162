package br.lncc.llm.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordPieceTokenizerJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "A cute teddy bear is reading a book.",
        "Este filme foi um desperdício de tempo.",
        "Péssimo. Não recomendo para ninguém!!!",
        "Hello, world... (it's \"quoted\") — a dash; 3.14 & 50% [MASK]-ish?",
        "机器学习很有趣 and 東京 mixed",
        "ÀÉÎÕÜ façade naïve coöperate",
        "tabs\tand\nnew lines   many   spaces",
        "emoji 😀 and symbols ∑ ≤ ∞",
        "unbelievably unaffable transformerization",
    })
    void matchesThePythonBertTokenizerAlgorithm(String text) {
        var reference = new ReferenceBertTokenizer(BertVocabFixture.vocab());
        try (var tok = TextTokenizer.fromFolder(BertVocabFixture.tokenizerFolder())) {
            List<String> expected = reference.tokenize(text);
            var e = tok.encode(text);
            assertEquals(expected, Arrays.asList(e.tokens()));
            assertArrayEquals(reference.ids(expected), e.ids());
        }
    }

    @Test
    void portugueseAccentsAreStrippedBeforeWordPiece() {
        try (var tok = TextTokenizer.fromFolder(BertVocabFixture.tokenizerFolder())) {
            var tokens = Arrays.asList(tok.encode("Este filme foi um desperdício de tempo.").tokens());
            assertEquals("[CLS]", tokens.get(0));
            assertEquals(-1, String.join("", tokens).indexOf('í'));
            assertEquals(List.of("[CLS]", "este"), tokens.subList(0, 2));
        }
    }

    @Test
    void wordsLongerThan100CharactersBecomeUnk() {
        try (var tok = TextTokenizer.fromFolder(BertVocabFixture.tokenizerFolder())) {
            String word150 = "ab".repeat(75);
            assertEquals(List.of("[CLS]", "hi", "[UNK]", "there", "[SEP]"),
                    Arrays.asList(tok.encode("hi " + word150 + " there").tokens()));
            String word100 = "a".repeat(100);
            assertEquals(false, Arrays.asList(tok.encode(word100).tokens()).contains("[UNK]"));
        }
    }

    @Test
    void pairsGetSegmentIds() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var json = mapper.readTree(WordPieceTokenizerJson.toJson(BertVocabFixture.vocab()));
        assertEquals(1, json.at("/post_processor/pair/3/Sequence/type_id").asInt());
        assertEquals(102, json.at("/post_processor/special_tokens/[SEP]/ids/0").asInt());
        assertEquals(100, json.at("/model/max_input_chars_per_word").asInt());
    }

    @Test
    void refusesAVocabularyWithoutBertSpecialTokens() {
        assertThrows(TokenizerException.class, () -> WordPieceTokenizerJson.toJson(List.of("a", "b")));
    }
}
