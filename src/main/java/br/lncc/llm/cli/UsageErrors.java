package br.lncc.llm.cli;

import br.lncc.llm.text.Messages;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * How a command line that cannot be parsed ends: one line in the CLI's language naming the option
 * and what is wrong with its value, and where the help is — exit 2, as picocli does. Picocli's own
 * answer was its English sentence followed by the whole usage help (15 to 60 lines) even under
 * pt-BR (issue 18, item 13: "one clear line" for every bad setting).
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    // The only part of picocli's MutuallyExclusiveArgsException text we need: the options it names.
    private static final Pattern EXCLUSIVE = Pattern.compile("(?:Error: )?(.+) are mutually exclusive.*");

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        Locale lang = CompanionCommand.language();
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        e.getCommandLine().getErr().println(Messages.render(lang, "error.prefix",
                Messages.render(lang, "cliinput.seeHelp", describe(e, lang), command)));
        e.getCommandLine().getErr().flush();
        return 2;
    }

    /** What is wrong, in {@code lang}, without the "Erro:" prefix. */
    static String describe(ParameterException e, Locale lang) {
        if (e instanceof CommandLine.MissingParameterException m) {
            return Messages.render(lang, "cliinput.missing", names(m.getMissing()));
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            return Messages.render(lang, "cliinput.unknown", String.join(" ", u.getUnmatched()));
        }
        if (e instanceof CommandLine.OverwrittenOptionException o) {
            return Messages.render(lang, "cliinput.repeated", name(o.getOverwritten()));
        }
        if (e instanceof CommandLine.MutuallyExclusiveArgsException) {
            Matcher m = EXCLUSIVE.matcher(String.valueOf(e.getMessage()));
            if (m.matches()) return Messages.render(lang, "cliinput.exclusive", m.group(1));
        }
        ArgSpec arg = e.getArgSpec();
        if (arg != null && e.getCause() instanceof CommandLine.TypeConversionException conversion) {
            String value = String.valueOf(e.getValue());
            String kind = valueKind(arg);
            // A converter of ours (--shard) already wrote its sentence in the CLI's language.
            if (kind == null) return name(arg) + ": " + conversion.getMessage();
            return Messages.render(lang, "cliinput.notA." + kind, name(arg), value);
        }
        // Thrown by our own commands after parsing (e.g. --slurm --array 0): already in the CLI's language.
        return String.valueOf(e.getMessage());
    }

    /** "integer", "number", "boolean", "path" for the built-in converters; null for a converter of ours. */
    private static String valueKind(ArgSpec arg) {
        if (arg.converters().length > 0) return null;
        Class<?> type = arg.type();
        if ((java.util.Collection.class.isAssignableFrom(type) || type.isArray()) && arg.auxiliaryTypes().length > 0) {
            type = arg.auxiliaryTypes()[0];
        }
        if (List.of(int.class, Integer.class, long.class, Long.class, short.class, Short.class, byte.class, Byte.class).contains(type)) {
            return "integer";
        }
        if (List.of(double.class, Double.class, float.class, Float.class).contains(type)) return "number";
        if (type == boolean.class || type == Boolean.class) return "boolean";
        if (type == java.nio.file.Path.class || type == java.io.File.class) return "path";
        return null;
    }

    private static String names(List<ArgSpec> specs) {
        return String.join(", ", specs.stream().map(UsageErrors::name).toList());
    }

    private static String name(ArgSpec spec) {
        if (spec instanceof OptionSpec o) return o.longestName();
        return spec.paramLabel();
    }
}
