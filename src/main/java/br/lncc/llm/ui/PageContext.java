package br.lncc.llm.ui;

import br.lncc.llm.ui.task.TaskRunner;
import java.util.function.Consumer;
import javafx.application.HostServices;
import javafx.stage.Window;

/**
 * What a page gets from the shell.
 *
 * @param i18n text in the current language (bind labels to {@code i18n.text(key)})
 * @param tasks run long work off the FX thread with progress and Cancel
 * @param owner the main window (owner for dialogs and file choosers)
 * @param status one-line message in the status bar
 * @param hostServices opens URLs/folders in the desktop; null in tests that have no Application
 * @param navigate opens another book section ("4.8", "benchmark") as if picked in the navigator
 */
public record PageContext(
        I18n i18n, TaskRunner tasks, Window owner, Consumer<String> status, HostServices hostServices,
        Consumer<String> navigate) {

    /** A context whose links go nowhere (tests that build one page alone). */
    public PageContext(I18n i18n, TaskRunner tasks, Window owner, Consumer<String> status, HostServices hostServices) {
        this(i18n, tasks, owner, status, hostServices, key -> {});
    }
}
