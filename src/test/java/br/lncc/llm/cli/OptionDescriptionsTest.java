package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import br.lncc.llm.architecture.PortugueseLiteralsTest;
import br.lncc.llm.text.Messages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `companion X --help` is the CLI's manual: an option listed with an empty line teaches nothing,
 * and `companion --lang en X --help` must be English (issue 13). Every description lives in the
 * help bundle (br/lncc/llm/cli/help*.properties), none in the annotations.
 */
class OptionDescriptionsTest {

    @Test
    void everyOptionAndParameterOfEveryCommandIsDescribedInBothLanguages() {
        for (Locale l : Messages.SUPPORTED) {
            List<String> blank = new ArrayList<>();
            walk(CompanionCommand.commandLine(l), cmd -> {
                var spec = cmd.getCommandSpec();
                if (String.join("", spec.usageMessage().description()).isBlank()) blank.add(spec.qualifiedName());
                for (var option : spec.options()) {
                    if (String.join("", option.description()).isBlank()) blank.add(spec.qualifiedName() + " " + option.longestName());
                }
                for (var p : spec.positionalParameters()) {
                    if (String.join("", p.description()).isBlank()) blank.add(spec.qualifiedName() + " " + p.paramLabel());
                }
            });
            assertEquals(List.of(), blank, "undescribed in " + l);
        }
    }

    @Test
    void noDescriptionIsWrittenInAnAnnotationOnlyInTheHelpBundle() {
        List<String> literal = new ArrayList<>();
        walk(new CommandLine(new CompanionCommand()), cmd -> {
            var spec = cmd.getCommandSpec();
            if (spec.usageMessage().description().length > 0) literal.add(spec.qualifiedName());
            for (var option : spec.options()) {
                if (!option.usageHelp() && !option.versionHelp() && option.description().length > 0) {
                    literal.add(spec.qualifiedName() + " " + option.longestName());
                }
            }
            for (var p : spec.positionalParameters()) {
                if (p.description().length > 0) literal.add(spec.qualifiedName() + " " + p.paramLabel());
            }
        });
        assertEquals(List.of(), literal, "move these descriptions to br/lncc/llm/cli/help.properties and help_en.properties");
    }

    @Test
    void theEnglishHelpOfEveryCommandHasNoPortugueseWords() {
        List<String> portuguese = new ArrayList<>();
        walk(CompanionCommand.commandLine(Messages.ENGLISH), cmd -> {
            for (String line : usage(cmd).split("\n")) {
                if (PortugueseLiteralsTest.portuguese(line)) portuguese.add(cmd.getCommandSpec().qualifiedName() + ": " + line.strip());
            }
        });
        assertEquals(List.of(), portuguese);
    }

    @Test
    void thePortugueseHelpSaysUsoAndTheEnglishHelpSaysUsage() {
        var pt = usage(CompanionCommand.commandLine(Messages.PT_BR).getSubcommands().get("generate"));
        var en = usage(CompanionCommand.commandLine(Messages.ENGLISH).getSubcommands().get("generate"));
        assertEquals(true, pt.startsWith("Uso: companion generate"), pt);
        assertEquals(true, pt.contains("máximo de tokens novos (padrão 30)"), pt);
        assertEquals(true, en.startsWith("Usage: companion generate"), en);
        assertEquals(true, en.contains("maximum number of new tokens (default 30)"), en);
    }

    /** Every key of the help bundles is used by some command, and both languages have the same keys. */
    @Test
    void bothHelpBundlesHaveTheSameKeysAndNoneIsStale() {
        var pt = new TreeSet<>(CompanionCommand.help(Messages.PT_BR).keySet());
        var en = new TreeSet<>(CompanionCommand.help(Messages.ENGLISH).keySet());
        assertEquals(pt, en);
        var used = new TreeSet<String>(List.of("usage.synopsisHeading", "usage.commandListHeading",
                "mixinStandardHelpOptions.help", "mixinStandardHelpOptions.version", "lang"));
        walk(new CommandLine(new CompanionCommand()), cmd -> {
            var spec = cmd.getCommandSpec();
            String q = spec.qualifiedName(".");
            used.add(q + ".usage.description");
            for (int i = 0; i < 5; i++) used.add(q + ".usage.description." + i);
            for (var option : spec.options()) used.add(q + "." + option.longestName().replaceFirst("^-+", ""));
            for (var p : spec.positionalParameters()) used.add(q + "." + p.paramLabel() + "[" + p.index() + "]");
        });
        var stale = new TreeSet<>(pt);
        stale.removeAll(used);
        assertEquals(new TreeSet<String>(), stale, "keys no command uses");
    }

    private static String usage(CommandLine cmd) {
        var out = new StringWriter();
        cmd.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }

    private static void walk(CommandLine cmd, Consumer<CommandLine> visit) {
        visit.accept(cmd);
        cmd.getSubcommands().values().forEach(sub -> walk(sub, visit));
    }
}
