package br.lncc.llm.cli;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.InvalidInputException;
import br.lncc.llm.text.Messages;
import br.lncc.llm.task.CancelledException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * How model commands fail: one line for the student on stderr (plus the technical detail when
 * there is one) and exit code 1 — never a stack trace, never a JVM crash. The line is in the
 * CLI's language ({@code --lang en} or {@code LANG=en…}; pt-BR otherwise).
 */
final class CliErrors {
    private CliErrors() {}

    static int run(Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            return report(e);
        }
    }

    /**
     * Prints {@code e} as one line and returns exit code 1: also what a command that does not go
     * through {@link #run} ends with ({@link CompanionCommand#run}'s last resort), so no exception
     * reaches the user as a stack trace.
     */
    static int report(Exception e) {
        return report(e, new PrintWriter(System.err, true));
    }

    /** The same, on a command's own error writer (picocli's {@code getErr()}, which tests replace). */
    static int report(Exception e, PrintWriter err) {
        var lang = CompanionCommand.language();
        if (e instanceof CompanionException c) {
            print(c, err);
        } else if (e instanceof InvalidInputException i) {
            err.println(Messages.render(lang, "error.prefix", i.message(lang)));
        } else if (e instanceof CancelledException) {
            err.println(Messages.render(lang, "task.cancelled"));
        } else if (e instanceof IllegalArgumentException) {
            err.println(Messages.render(lang, "error.prefix", e.getMessage()));
        } else {
            err.println(Messages.render(lang, "error.unexpected", String.valueOf(e)));
        }
        err.flush();
        return 1;
    }

    /** "Erro: …" and, when there is one, "Detalhe: …" on stderr, in the CLI's language. */
    static void print(CompanionException e) {
        print(e, new PrintWriter(System.err, true));
    }

    static void print(CompanionException e, PrintWriter err) {
        var lang = CompanionCommand.language();
        err.println(Messages.render(lang, "error.prefix", e.message(lang)));
        if (!e.technicalDetail().isEmpty()) {
            err.println(Messages.render(lang, "error.detail", e.technicalDetail()));
        }
        err.flush();
    }
}
