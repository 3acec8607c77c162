package br.lncc.llm.cli;

import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.StepDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prints a generation's text to stdout as it grows, for {@code generate} with a causal model or a
 * T5: the new ids are decoded whole each step (a BPE piece may change how earlier bytes read), and
 * a trailing partial UTF-8 character ("�") is held back until its other bytes arrive.
 */
final class StreamedText implements Generator.TokenListener {
    private final Function<long[], String> decode;
    private final List<Long> ids = new ArrayList<>();
    private int printed;

    StreamedText(Function<long[], String> decode) {
        this.decode = decode;
    }

    @Override
    public void onToken(int step, long tokenId, StepDistribution d) {
        ids.add(tokenId);
        String text = decode.apply(ids.stream().mapToLong(Long::longValue).toArray());
        int end = text.endsWith("\uFFFD") ? text.length() - 1 : text.length();
        if (end > printed) {
            System.out.print(text.substring(printed, end));
            System.out.flush();
            printed = end;
        }
    }
}
