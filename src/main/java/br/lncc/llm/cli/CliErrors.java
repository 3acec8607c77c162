package br.lncc.llm.cli;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Messages;
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
        } catch (CompanionException e) {
            print(e);
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println(Messages.render(CompanionCommand.language(), "error.prefix", e.getMessage()));
            return 1;
        } catch (Exception e) {
            System.err.println(Messages.render(CompanionCommand.language(), "error.unexpected", String.valueOf(e)));
            return 1;
        }
    }

    /** "Erro: …" and, when there is one, "Detalhe: …" on stderr, in the CLI's language. */
    static void print(CompanionException e) {
        var lang = CompanionCommand.language();
        System.err.println(Messages.render(lang, "error.prefix", e.message(lang)));
        if (!e.technicalDetail().isEmpty()) {
            System.err.println(Messages.render(lang, "error.detail", e.technicalDetail()));
        }
    }
}
