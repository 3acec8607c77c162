package br.lncc.llm.cli;

import br.lncc.llm.notebooks.N01;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a course notebook's Java equivalent cell by cell, printing what the notebook prints. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "Executa o equivalente Java de um notebook do curso (N01), célula a célula.")
public final class NotebookCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "notebook: N01") String id;

    @Option(names = "--out", description = "pasta das figuras PNG (padrão: resultados do app/notebooks/<id>)")
    Path out;

    @Option(names = "--cpu-only", description = "reproduz uma execução só em CPU (a tabela √d_k consome o gerador da CPU)")
    boolean cpuOnly;

    @Override
    public Integer call() throws Exception {
        switch (id.toUpperCase(Locale.ROOT)) {
            case "N01", "N1" -> N01.run(System.out, out != null ? out : N01.defaultPlotDir(), cpuOnly);
            default -> {
                System.err.println("Notebook desconhecido: " + id + ". Disponível: N01.");
                return 2;
            }
        }
        return 0;
    }
}
