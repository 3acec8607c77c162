package br.lncc.llm.cli;

import br.lncc.llm.lesson.ch09.ModelCardLab;
import br.lncc.llm.lesson.ch09.ModelCardMarkdown;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Cap. 9.2.1: a Markdown model card from the model's files and a short measurement on this machine. */
@Command(name = "card", mixinStandardHelpOptions = true)
public final class CardCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--out")
    Path out;

    @Option(names = "--text")
    Path text;

    @Option(names = "--no-measure")
    boolean noMeasure;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (text != null && !Files.isRegularFile(text)) throw new IllegalArgumentException(CompanionCommand.text("cli.card.notAFile", text));
            Path folder = ModelCardLab.folderOf(model, new StderrProgress());
            if (!noMeasure) System.err.println(CompanionCommand.text("cli.card.measuring", ServeCommand.modelId(model)));
            var facts = ModelCardLab.collect(ServeCommand.modelId(model), folder, !noMeasure, text, br.lncc.llm.task.ProgressSink.NONE);
            String md = ModelCardMarkdown.render(facts, CompanionCommand.language());
            if (out == null) {
                System.out.print(md);
            } else {
                Files.writeString(out, md, StandardCharsets.UTF_8);
                System.err.println(CompanionCommand.text("cli.card.written", out));
            }
            return 0;
        });
    }
}
