package br.lncc.llm.lesson.ch09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Cap. 9 page's workflow: start, ask as an outside client would, swap behind the same URL, ask again, stop. */
class ServeLabTest {

    @Test
    void theSameRequestIsAnsweredByTheSwappedModelBehindTheSameUrl() throws Exception {
        List<String> log = new ArrayList<>();
        try (var lab = new ServeLab()) {
            String url = lab.start(new ServeLab.Choice.TinyRandom(), 0, e -> log.add(e.line()));
            var first = lab.ask("Olá", 4);
            assertEquals(200, first.status());
            assertEquals("qwen2-tiny-random", first.model());
            assertTrue(first.randomWeights(), "the page puts the random-weights note beside this answer");
            lab.swap(new ServeLab.Choice.Folder("gpt2-tiny", Path.of("src/test/resources/fixtures/gpt2-tiny")));
            assertEquals(url, lab.baseUrl());
            var second = lab.ask("Olá", 4);
            assertEquals(200, second.status());
            assertEquals("gpt2-tiny", second.model());
            assertFalse(second.randomWeights());
            var record = lab.record("swap");
            assertEquals(List.of("Olá"), record.prompts());
            assertEquals(2, record.outputs().size());
            assertEquals("gpt2-tiny", record.outputs().get(1).condition());
            assertTrue(record.modelFileSha256().containsKey("gpt2-tiny/model.safetensors"));
            assertEquals(record, ExperimentRecord.fromJson(record.toJson()));
            lab.stop();
            assertFalse(lab.running());
        }
        assertTrue(log.size() >= 4, "models + chat, twice: " + log);
    }

    @Test
    void aRandomModelsHalfCharactersReachThePageAsBytesNotReplacementCharacters() throws Exception {
        try (var lab = new ServeLab()) {
            lab.start(new ServeLab.Choice.TinyRandom(), 0, e -> {});
            // The page's own question and length: the tiny random Qwen2 writes many half characters.
            var a = lab.ask("Explique em uma frase o que é um modelo de linguagem.", 40);
            assertEquals(200, a.status());
            assertFalse(a.text().contains("\uFFFD"), a.text());
            assertTrue(a.text().matches("(?s).*<0x[0-9A-F]{2}>.*"), a.text());
        }
    }

    @Test
    void eachRunOfReplacementCharactersIsWrittenAsTheTokensBytesUpToTheTextsEnd() {
        var b = new java.io.ByteArrayOutputStream();
        b.writeBytes("ab".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        b.write(0xE2);
        b.write(0x80); // two of a three-byte character's bytes
        b.writeBytes("cé<|im_end|>".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // the end token's text is not in the message
        assertEquals("ab<0xE2><0x80>cé", ServeLab.readable("ab\uFFFDcé", b.toByteArray()));
        assertEquals("ab<0xE2><0x80>cé", ServeLab.readable("ab\uFFFD\uFFFDcé", b.toByteArray()), "a decoder may write one � per byte");
        assertEquals("plain", ServeLab.readable("plain", new byte[0]), "nothing to rewrite");
        assertEquals("x\uFFFDy", ServeLab.readable("x\uFFFDy", "zzz".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "bytes that do not line up with the text leave the served text as it came");
    }

    @Test
    void theClientSnippetsCommentsSpeakThePagesLanguage() {
        var pt = java.util.Locale.forLanguageTag("pt-BR");
        var en = java.util.Locale.ENGLISH;
        String url = "http://127.0.0.1:8080/v1";
        assertTrue(br.lncc.llm.serve.ClientSnippets.pythonOpenAi(url, null, "Olá", pt).contains("# o modelo que o servidor tiver agora"));
        assertTrue(br.lncc.llm.serve.ClientSnippets.pythonOpenAi(url, null, "Hi", en).contains("# whatever model the server holds now"));
        String requests = br.lncc.llm.serve.ClientSnippets.pythonRequests(url, null, "O Brasil é", pt);
        assertTrue(requests.contains("os 5 tokens mais prováveis") && !requests.contains("most likely"), requests);
    }
}
