package br.lncc.llm.reliability;

import br.lncc.llm.cli.CompanionCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The CLI run in this JVM with stdout and stderr captured. */
public final class Cli {
    private Cli() {}

    public record Run(int exit, String out, String err) {
        /** stderr lines that are not progress ("Aviso:" notices and "Erro" lines). */
        public java.util.List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("Erro")).toList();
        }

        /** stdout read as JSON (the commands' --json output). */
        public com.fasterxml.jackson.databind.JsonNode json() throws java.io.IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        }
    }

    public static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CompanionCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
