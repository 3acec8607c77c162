package br.lncc.llm.cli;

import br.lncc.llm.text.ReadFailure;
import br.lncc.llm.lesson.Perplexity;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.model.ModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code companion eval ppl}: perplexity of a causal model on a text file (Cap. 6), through the
 * one {@link Perplexity} function the pre-training and compression labs use. JSON contract:
 * {@code {"tokens":n,"nll":x,"ppl":y}} — n predicted tokens, x their mean NLL in nats, y = exp(x).
 */
@Command(name = "ppl", mixinStandardHelpOptions = true)
public final class EvalPplCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--text", required = true)
    Path text;

    @Option(names = "--window")
    Integer window;

    @Option(names = "--stride")
    Integer stride;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            String content = readText(text);
            try (GenerationLab m = GenerationLab.open(ModelArgument.folder(model))) {
                long[] ids = m.tokenIds(content);
                if (ids.length < 2) {
                    throw new ModelException("cli.ppl.tooShort", new Object[] {text, ids.length}, "--text " + text);
                }
                Perplexity.Windowing w = Perplexity.Windowing.chosen(m.maxPositions(), window, stride);
                Perplexity.Result r = m.perplexity(ids, w, new StderrProgress());
                if (json) {
                    var out = new ObjectMapper().createObjectNode();
                    out.put("tokens", r.tokens());
                    out.put("nll", r.nll());
                    out.put("ppl", r.ppl());
                    System.out.println(out);
                } else {
                    System.out.println(CompanionCommand.text("cli.ppl.result", r.tokens(), w.window(), w.stride(),
                            CompanionCommand.fixed("%.4f", r.nll()), CompanionCommand.fixed("%.3f", r.ppl())));
                }
            }
            return 0;
        });
    }

    /** A UTF-8 text file, without a Notepad byte order mark; unreadable files are named. */
    static String readText(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (IOException e) {
            throw new ModelException("cli.readFailed", new Object[] {file, ReadFailure.reason(e)}, String.valueOf(e));
        }
    }
}
