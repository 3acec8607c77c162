package br.lncc.llm.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Loads a tokenizer in the native library and encodes texts, in a child JVM: if the Rust code
 * panics (which aborts the whole process), only the child dies and the app gets a verdict. Used
 * by {@link TokenizerFileCheck} for the rare tokenizer whose patterns look dangerous.
 */
public final class TokenizerProbe {
    private static final long TIMEOUT_SECONDS = 120;

    /** What happened in the child: it finished (survived), or died / hung, with what it said. */
    public record Verdict(boolean survived, String detail) {}

    private TokenizerProbe() {}

    static Verdict run(Path tokenizerJson, List<String> texts) {
        Path textsFile = null;
        try {
            textsFile = Files.createTempFile("companion-probe", ".txt");
            // One text per line, escaped so that line breaks inside a probe survive.
            StringBuilder sb = new StringBuilder();
            for (String t : texts) sb.append(t.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            Files.writeString(textsFile, sb.toString(), StandardCharsets.UTF_8);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx256m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                    TokenizerProbe.class.getName(), tokenizerJson.toAbsolutePath().toString(), textsFile.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Verdict(false, "no answer in " + TIMEOUT_SECONDS + " s");
            }
            String said = new String(out, StandardCharsets.UTF_8).strip();
            String last = said.lines().reduce((a, b) -> b).orElse("");
            return p.exitValue() == 0 ? new Verdict(true, "") : new Verdict(false, "exit " + p.exitValue() + ": " + last);
        } catch (IOException e) {
            // Cannot start a child (locked-down machine): refuse rather than risk the abort.
            return new Verdict(false, "could not start the probe: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(false, "interrupted");
        } finally {
            if (textsFile != null) {
                try {
                    Files.deleteIfExists(textsFile);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    /** Child: args = tokenizer.json, texts file. Exit 0 when every text was encoded. */
    public static void main(String[] args) throws Exception {
        var options = Map.of("truncation", "false", "padding", "false", "maxLength", Integer.toString(1 << 24));
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(Path.of(args[0]), options)) {
            for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
                tokenizer.encode(line.replace("\\n", "\n").replace("\\\\", "\\"));
            }
        } catch (RuntimeException e) {
            // A clean error (bad JSON, a pattern the native library refuses) is not an abort: the
            // normal load reports it with its own message.
            System.out.println("error: " + e.getMessage());
        }
        System.out.println("ok");
        System.exit(0);
    }
}
