package br.lncc.llm.cli;

import br.lncc.llm.text.Messages;
import java.util.Locale;
import java.util.ResourceBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Root of the CLI: the same functions as the GUI, scriptable, JSON on stdout with --json. */
@Command(
        name = "companion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        subcommands = {
            VersionCommand.class,
            DoctorCommand.class,
            LogitsCommand.class,
            GenerateCommand.class,
            StatsCommand.class,
            RarityCommand.class,
            BenchCommand.class,
            ModelsCommand.class,
            NotebookCommand.class,
            TokenizeCommand.class,
            AttentionCommand.class,
            FillMaskCommand.class,
            JudgeCommand.class,
            EvalCommand.class,
            PretrainCommand.class,
            CompressCommand.class,
            ServeCommand.class,
            CardCommand.class,
        })
public final class CompanionCommand implements Runnable {
    // One CLI run per process (or per test call of run()): the language is set before any
    // command executes and read by CliErrors and the progress printers.
    private static volatile Locale language = Messages.PT_BR;

    /** Inherited, so both "companion --lang en generate …" and "companion generate … --lang en" work. */
    @Option(names = "--lang", scope = ScopeType.INHERIT, paramLabel = "LANG")
    void setLang(String tag) {
        language = Messages.cliLanguage(tag, System.getenv());
    }

    /** The language messages from below the CLI are printed in. */
    static Locale language() {
        return language;
    }

    /** The CLI's own text of {@code key} in the chosen language (bundles under br/lncc/llm/text/). */
    static String text(String key, Object... args) {
        return Messages.render(language, key, args);
    }

    /**
     * The command tree with its help in {@code language}: every command, option and parameter
     * description is a key of {@code br/lncc/llm/cli/help.properties} (pt-BR) /
     * {@code help_en.properties}, none is written in the annotations, so {@code --help} switches
     * with {@code --lang} as the progress lines do.
     */
    static CommandLine commandLine(Locale language) {
        return new CommandLine(new CompanionCommand()).setResourceBundle(help(language));
    }

    /** The picocli bundle of the CLI's help in {@code language} (pt-BR unless English). */
    static ResourceBundle help(Locale language) {
        Locale l = "en".equals(language.getLanguage()) ? Messages.ENGLISH : Messages.PT_BR;
        // No fallback to the JVM's locale: on an English machine pt-BR would otherwise get help_en.
        return ResourceBundle.getBundle("br.lncc.llm.cli.help", l, CompanionCommand.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** {@code values} laid out by {@link String#format} in the C locale: numbers in CLI lines keep a dot and their widths in both languages. */
    static String fixed(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }

    @Override
    public void run() {
        commandLine(language).usage(System.out);
    }

    /** Runs the CLI and returns the exit code (2 for usage errors, as picocli does). */
    public static int run(String... args) {
        // Seen before parsing, so messages of option converters (--shard 0/3) are already in that language.
        language = Messages.cliLanguage(langArgument(args), System.getenv());
        // No "@file" expansion: picocli would otherwise replace any argument starting with '@' by a
        // file's contents, so "--text @~/.cache/huggingface/token" printed the token as tokens.
        CommandLine cli = commandLine(language).setExpandAtFiles(false)
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler((e, commandLine, parsed) -> CliErrors.report(e));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // A size the JVM cannot allocate (a setting no check caught): one line, never a stack trace.
            System.err.println(text("error.prefix", text("cliinput.outOfMemory", String.valueOf(e.getMessage()))));
            return 1;
        } catch (StackOverflowError e) {
            System.err.println(text("error.prefix", text("cliinput.tooDeep")));
            return 1;
        } finally {
            // The language holds for this run only: a command object used on its own afterwards (tests) speaks LANG's.
            language = Messages.cliLanguage(null, System.getenv());
        }
    }

    private static String langArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) return args[i + 1];
            if (args[i].startsWith("--lang=")) return args[i].substring("--lang=".length());
        }
        return null;
    }
}
