package br.lncc.llm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The text a model is pre-trained on (Cap. 6.1): a {@code .txt}/{@code .md} file as it is, or the
 * {@code "text"} field of each line of a {@code .jsonl} file (the usual dataset dump), lines
 * joined by a blank line. Refused with a reason when empty, binary or not UTF-8.
 *
 * @param name the file name (what the model card and the page show)
 * @param sha256 of the text, so a resumed run can check it continues on the same corpus
 */
public record PretrainCorpus(String name, String text, String sha256) {

    /** Larger files would need streaming; the lab holds the corpus and its ids in memory. */
    public static final long MAX_BYTES = 256L << 20;

    public static PretrainCorpus read(Path file) {
        if (!Files.isRegularFile(file)) throw new PretrainException("pretrain.error.noFile", file.toAbsolutePath());
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) throw new PretrainException("pretrain.error.tooLarge", file.getFileName(), size >> 20, MAX_BYTES >> 20);
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PretrainException(e, "pretrain.error.read", file.toAbsolutePath(), e.getMessage());
        }
        String name = String.valueOf(file.getFileName());
        String text = decodeText(name, bytes);
        if (name.toLowerCase(Locale.ROOT).endsWith(".jsonl")) text = jsonlText(name, text);
        return of(name, text);
    }

    /** A corpus from text in memory (tests, the bundled recipe). */
    public static PretrainCorpus of(String name, String text) {
        if (text.isBlank()) throw new PretrainException("pretrain.error.empty", name);
        return new PretrainCorpus(name, text, sha256(text));
    }

    public long utf8Bytes() {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String decodeText(String name, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        int control = 0;
        for (int i = start; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0) throw new PretrainException("pretrain.error.binary", name);
            if (b < 32 && b != '\n' && b != '\r' && b != '\t' && b != '\f') control++;
        }
        // A few stray control bytes happen in real text; a lot of them means a binary file.
        if (control > 16 && control > (bytes.length - start) / 100) throw new PretrainException("pretrain.error.binary", name);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PretrainException("pretrain.error.notUtf8", name);
        }
    }

    private static String jsonlText(String name, String content) {
        var mapper = new ObjectMapper();
        var out = new StringBuilder();
        int lineNo = 0;
        for (String line : content.split("\n")) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode row;
            try {
                row = mapper.readTree(line);
            } catch (IOException e) {
                throw new PretrainException("pretrain.error.jsonl", name, lineNo);
            }
            JsonNode t = row.path("text");
            if (!t.isTextual()) throw new PretrainException("pretrain.error.jsonlText", name, lineNo);
            if (out.length() > 0) out.append("\n\n");
            out.append(t.asText());
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
