package br.lncc.llm;

import br.lncc.llm.cli.CompanionCommand;
import br.lncc.llm.platform.ClusterThreads;
import br.lncc.llm.platform.Display;
import br.lncc.llm.platform.PassiveOpenMp;

/** Entry point: no arguments opens the desktop app; anything else is a CLI command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        var relaunched = PassiveOpenMp.relaunchIfNeeded(Main.class, args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
        }
        PassiveOpenMp.followLauncher(System.getenv(), () -> System.exit(143));
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        ClusterThreads.apply(System.getenv());
        if (args.length == 0) {
            var noDisplay = Display.missing(System.getenv(), System.getProperty("os.name"), System.getProperty("glass.platform"));
            if (noDisplay.isPresent()) {
                var lang = br.lncc.llm.text.Messages.cliLanguage(null, System.getenv());
                System.err.println(br.lncc.llm.text.Messages.render(lang, noDisplay.get()));
                System.exit(1);
            }
            br.lncc.llm.ui.CompanionApp.launchApp(args);
            return;
        }
        System.exit(CompanionCommand.run(args));
    }
}
