package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.cli.CompanionCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 18, item 13, as a class: a garbage value in any option of any command ends in one line, in the
 * CLI's language, naming the option — never picocli's English sentence plus 15 to 60 lines of usage,
 * never "Erro inesperado", never a stack trace. The walk covers every option of every command, so a
 * command added later is covered too.
 */
class CliOptionValuesTest {
    static final String TINY = "src/test/resources/fixtures/gpt2-tiny";
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

    /** Every (command path, option) whose value goes through one of picocli's number/boolean converters. */
    private static List<Map.Entry<List<String>, OptionSpec>> typedOptions() {
        List<Map.Entry<List<String>, OptionSpec>> out = new ArrayList<>();
        walk(new CommandLine(new CompanionCommand()), List.of(), out);
        return out;
    }

    private static void walk(CommandLine cl, List<String> path, List<Map.Entry<List<String>, OptionSpec>> out) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.arity().max() == 0 || o.converters().length > 0) continue;
            Class<?> t = o.auxiliaryTypes().length > 0 && (o.isMultiValue()) ? o.auxiliaryTypes()[0] : o.type();
            if (List.of(int.class, Integer.class, long.class, Long.class, double.class, Double.class, float.class, Float.class,
                    boolean.class, Boolean.class).contains(t)) {
                out.add(Map.entry(path, o));
            }
        }
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            walk(sub, p, out);
        });
    }

    private static Cli.Run run(String lang, List<String> command, String... rest) {
        List<String> args = new ArrayList<>(List.of("--lang", lang));
        args.addAll(command);
        args.addAll(List.of(rest));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void oneLine(Cli.Run r, String prefix, String mustContain, String what) {
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), what + ": " + r.err());
        assertTrue(lines.get(0).startsWith(prefix) && lines.get(0).contains(mustContain), what + ": " + r.err());
        assertTrue(!r.err().contains("Usage:") && !r.err().contains("Invalid value") && !r.err().contains("inesperado")
                && !r.err().contains("Unexpected") && !r.err().contains("\tat "), what + ": " + r.err());
    }

    @Test
    void aValueThatIsNotANumberIsOneLineNamingTheOptionInPortugueseAndEnglish() {
        var options = typedOptions();
        assertTrue(options.size() > 60, "the walk finds the commands' options: " + options.size());
        for (var e : options) {
            String option = e.getValue().longestName();
            String what = String.join(" ", e.getKey()) + " " + option;
            boolean whole = List.of(int.class, Integer.class, long.class, Long.class).contains(e.getValue().type())
                    || List.of(int.class, Integer.class, long.class, Long.class).contains(
                            e.getValue().auxiliaryTypes().length > 0 ? e.getValue().auxiliaryTypes()[0] : Object.class);
            // 20 digits do not fit a long; a double takes them, so for numbers "abc" and "" are the garbage.
            boolean flag = List.of(boolean.class, Boolean.class).contains(e.getValue().type());
            // An optional boolean value takes "" as "no value given", which is a fine flag.
            for (String value : whole ? List.of("abc", "", "99999999999999999999") : flag ? List.of("abc") : List.of("abc", "")) {
                Cli.Run pt = run("pt-BR", e.getKey(), option, value);
                assertEquals(2, pt.exit(), what + " '" + value + "': " + pt.err());
                oneLine(pt, "Erro: " + option + " espera", option, what + " '" + value + "'");
            }
            Cli.Run en = run("en", e.getKey(), option, "abc");
            assertEquals(2, en.exit(), what + ": " + en.err());
            oneLine(en, "Error: " + option + " expects", option, what + " (en)");
        }
    }

    @Test
    void missingUnknownRepeatedAndExclusiveOptionsAreOneLineToo() {
        oneLine(run("pt-BR", List.of("logits"), "--top", "3"), "Erro: falta", "--model", "missing");
        oneLine(run("en", List.of("logits"), "--top", "3"), "Error: missing", "--text", "missing (en)");
        oneLine(run("pt-BR", List.of("doctor"), "--nope"), "Erro: argumento desconhecido", "--nope", "unknown");
        oneLine(run("en", List.of("logits"), "--model", TINY, "--text", "oi", "--top", "2", "--top", "3"), "Error: the option --top",
                "more than once", "repeated");
        oneLine(run("pt-BR", List.of("bench", "decode"), "--model", TINY, "--random-shape", "x"), "Erro: as opções", "--random-shape",
                "exclusive");
    }

    /** Values of the right type but outside what the command can do: refused before any model work, in one line. */
    @Test
    void outOfRangeNumbersAreRefusedInOneLineBeforeAnyArrayOfThatSize() {
        String[][] cases = {
            {"bench", "decode", "--model", TINY, "--prompt-tokens", "2147483647", "--tokens", "2"},
            {"bench", "decode", "--model", TINY, "--repeat", "2147483647", "--tokens", "2"},
            {"bench", "decode", "--model", TINY, "--bandwidth-gbs", "NaN", "--tokens", "2"},
            {"bench", "decode", "--model", TINY, "--no-cache-tokens", "-1", "--tokens", "2"},
            {"generate", "--model", TINY, "--prompt", "oi", "--repetition-penalty", "Infinity"},
            {"rarity", "--table", "src/test/resources/fixtures/none.csv", "--top", "-1"},
            {"generate", "--model", TINY, "--prompt", "oi", "--top-p", "0"},
            {"generate", "--model", TINY, "--prompt", "oi", "--temperature", "NaN"},
            {"logits", "--model", TINY, "--text", "oi", "--top", "-1"},
            {"stats", "mcnemar", "--b", "-1", "--c", "2"},
            {"stats", "correlation", "--x", "1,2,abc", "--y", "1,2,3"},
            {"bench", "energy", "--models", TINY, "--out", tmp.toString(), "--country", "XX"},
            {"bench", "energy", "--models", TINY, "--out", tmp.toString(), "--tdp", "NaN"},
            {"serve", "--model", TINY, "--port", "70000"},
        };
        for (String[] c : cases) {
            for (String lang : List.of("pt-BR", "en")) {
                Cli.Run r = run(lang, List.of(c));
                String what = lang + " " + String.join(" ", c);
                assertEquals(1, r.exit(), what + ": " + r.err());
                List<String> errors = r.err().lines().filter(l -> l.startsWith(lang.equals("en") ? "Error: " : "Erro: ")).toList();
                assertEquals(1, errors.size(), what + ": " + r.err());
                assertTrue(!r.err().contains("inesperado") && !r.err().contains("Unexpected") && !r.err().contains("\tat ")
                        && !r.err().contains("OutOfMemoryError"), what + ": " + r.err());
                if (lang.equals("en")) {
                    for (String pt : List.of(" deve ", " não ", "pelo menos", "ção", "ões")) {
                        assertTrue(!errors.get(0).contains(pt), "English asked, Portuguese printed: " + what + ": " + errors.get(0));
                    }
                }
            }
        }
    }
}
