package br.lncc.llm.serve;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * One line of the server's request log (the CLI prints it, the Cap. 9 page lists it). No
 * prompt text unless the server was started with --log-prompts.
 *
 * @param promptTokens     -1 when the request never got that far
 * @param queuedMs         time waiting for a turn behind other generations
 * @param firstTokenMs     time from the turn to the first token (prefill)
 * @param finishReason     stop / length / cancelled, or the error code
 * @param prompt           the prompt text, or null
 */
public record RequestLogEntry(Instant time, String method, String path, int status, String model, boolean stream,
        int promptTokens, int completionTokens, double queuedMs, double firstTokenMs, double totalMs,
        String finishReason, String prompt) {

    /** Generated tokens per second over the whole generation (prefill included), NaN without tokens. */
    public double tokensPerSecond() {
        return completionTokens > 0 && totalMs > 0 ? completionTokens * 1000.0 / totalMs : Double.NaN;
    }

    public String line() {
        var b = new StringBuilder();
        b.append(time.truncatedTo(ChronoUnit.MILLIS)).append(' ').append(method).append(' ').append(path).append(' ')
                .append(status);
        if (model != null) b.append(" model=").append(model);
        if (promptTokens >= 0) {
            b.append(String.format(Locale.ROOT, " in=%d out=%d queue=%.0fms ttft=%.0fms total=%.0fms %.1f tok/s",
                    promptTokens, completionTokens, queuedMs, firstTokenMs, totalMs, tokensPerSecond()));
        }
        if (finishReason != null) b.append(" finish=").append(finishReason);
        if (stream) b.append(" stream");
        if (prompt != null) b.append(" prompt=").append(quote(prompt));
        return b.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
