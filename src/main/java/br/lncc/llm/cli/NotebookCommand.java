package br.lncc.llm.cli;

import br.lncc.llm.notebooks.N01;
import br.lncc.llm.notebooks.N02;
import br.lncc.llm.notebooks.N03;
import br.lncc.llm.task.ProgressSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a course notebook's Java equivalent cell by cell, printing what the notebook prints. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "Executa o equivalente Java de um notebook do curso (N01, N02, N03), célula a célula.")
public final class NotebookCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "notebook: N01, N02 ou N03") String id;

    @Option(names = "--out", description = "pasta das figuras PNG e arquivos (padrão: resultados do app/notebooks/<id>)")
    Path out;

    @Option(names = "--gpt2", description = "N02: pasta de um modelo GPT-2 (padrão: cache do Hugging Face)")
    Path gpt2;

    @Option(names = "--t5", description = "N02: pasta de um FLAN-T5 (padrão: cache do Hugging Face)")
    Path t5;

    @Option(names = "--tokens", description = "N02: tokens novos por geração (padrão: 80, como o caderno)")
    int tokens = 80;

    @Option(names = "--model", description = "N03: pasta ou id do Hugging Face (no cache) de um modelo causal "
            + "(padrão: " + N03.MODEL_ID + ")")
    String model;

    @Option(names = "--seed", description = "N02/N03: semente das amostragens (padrão: 42)")
    long seed = 42;

    @Option(names = "--cpu-only", description = "reproduz uma execução só em CPU (a tabela √d_k consome o gerador da CPU)")
    boolean cpuOnly;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            checkOptions();
            switch (id.toUpperCase(Locale.ROOT)) {
                case "N01", "N1" -> N01.run(System.out, out != null ? out : N01.defaultPlotDir(), cpuOnly);
                case "N02", "N2" -> new N02(System.out, gpt2, t5, tokens, seed).run();
                case "N03", "N3" -> new N03(System.out, out != null ? out : N03.defaultOutDir(), model, seed).run(ProgressSink.NONE);
                default -> {
                    System.err.println("Notebook desconhecido: " + id + ". Disponíveis: N01, N02, N03.");
                    return 2;
                }
            }
            return 0;
        });
    }

    /** Options a notebook would only trip over cells later (after minutes of output) are checked first. */
    private void checkOptions() {
        if (tokens < 1) throw new IllegalArgumentException("--tokens deve ser pelo menos 1 (veio " + tokens + ")");
        if (gpt2 != null && !Files.isDirectory(gpt2)) throw new IllegalArgumentException("--gpt2: a pasta " + gpt2 + " não existe");
        if (t5 != null && !Files.isDirectory(t5)) throw new IllegalArgumentException("--t5: a pasta " + t5 + " não existe");
        if (out != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new IllegalArgumentException("--out: não foi possível criar a pasta " + out + " (" + e + ")");
            }
            if (!Files.isWritable(out)) throw new IllegalArgumentException("--out: sem permissão de escrita em " + out);
        }
    }
}
