package br.lncc.llm.cli;

import br.lncc.llm.platform.AppInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** Prints the application version. */
@Command(name = "version")
public final class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println(AppInfo.NAME + " " + AppInfo.version());
    }

    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {AppInfo.NAME + " " + AppInfo.version()};
        }
    }
}
