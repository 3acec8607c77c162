package br.lncc.llm.cli;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.hub.HubException;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.tokenize.TokenizerException;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.weights.WeightsException;
import java.util.concurrent.Callable;

/**
 * How model commands fail: one line for the student on stderr (plus the technical detail when
 * there is one) and exit code 1 — never a stack trace, never a JVM crash.
 */
final class CliErrors {
    private CliErrors() {}

    static int run(Callable<Integer> body) {
        try {
            return body.call();
        } catch (WeightsException e) {
            System.err.println("Erro: " + e.getMessage());
            if (!e.detail().isEmpty()) System.err.println("Detalhe: " + e.detail());
            return 1;
        } catch (LessonInputException e) {
            System.err.println("Erro: " + e.getMessage());
            if (e.detail() != null && !e.detail().isEmpty()) System.err.println("Detalhe: " + e.detail());
            return 1;
        } catch (br.lncc.llm.bench.shard.ShardException e) {
            System.err.println("Erro: " + ShardMessages.describe(e.problem()));
            return 1;
        } catch (ModelException | TokenizerException | HubException | TrainingException | BenchmarkException
                | IllegalArgumentException e) {
            System.err.println("Erro: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("Erro inesperado: " + e);
            return 1;
        }
    }
}
