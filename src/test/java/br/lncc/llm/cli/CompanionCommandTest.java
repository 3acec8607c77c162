package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CompanionCommandTest {

    @Test
    void unknownCommandIsAUsageErrorWithExitCode2() {
        assertEquals(2, CompanionCommand.run("no-such-command"));
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, CompanionCommand.run("--help"));
        assertEquals(0, CompanionCommand.run("version"));
    }
}
