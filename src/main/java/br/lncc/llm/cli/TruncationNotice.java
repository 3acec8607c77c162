package br.lncc.llm.cli;

import br.lncc.llm.text.Message;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How {@code attention} and {@code logits} say a text was cut to the model's positions — never
 * silently: in JSON the fields {@code truncated}, {@code original_tokens} and {@code notice}
 * (only when something was cut; a public contract), in text the notice on stderr.
 */
final class TruncationNotice {
    private TruncationNotice() {}

    static void put(ObjectNode out, boolean truncated, int originalLength, Message notice) {
        if (!truncated) return;
        out.put("truncated", true);
        out.put("original_tokens", originalLength);
        out.put("notice", notice.render(CompanionCommand.language()));
    }

    static void warn(boolean truncated, Message notice) {
        if (truncated) System.err.println(CompanionCommand.text("notice.prefix", notice));
    }
}
