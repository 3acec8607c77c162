package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `companion X --help` is the CLI's manual: an option listed with an empty line teaches nothing. */
class OptionDescriptionsTest {

    @Test
    void everyOptionAndParameterOfEveryCommandIsDescribed() {
        List<String> blank = new ArrayList<>();
        collect(new CommandLine(new CompanionCommand()), blank);
        assertEquals(List.of(), blank);
    }

    private static void collect(CommandLine cmd, List<String> blank) {
        for (var option : cmd.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            if (String.join("", option.description()).isBlank()) blank.add(cmd.getCommandSpec().qualifiedName() + " " + option.longestName());
        }
        for (var p : cmd.getCommandSpec().positionalParameters()) {
            if (String.join("", p.description()).isBlank()) blank.add(cmd.getCommandSpec().qualifiedName() + " " + p.paramLabel());
        }
        cmd.getSubcommands().values().forEach(sub -> collect(sub, blank));
    }
}
