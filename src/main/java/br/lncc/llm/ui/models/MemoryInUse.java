package br.lncc.llm.ui.models;

import br.lncc.llm.session.Holding;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.ui.I18n;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

/**
 * "Memory in use": what {@link ModelSessions} holds, so a student on an 8 GB laptop sees which
 * pages keep which model loaded. The status bar shows one line (details in its tooltip); the
 * model manager shows one line per model with the pages that hold it.
 */
public final class MemoryInUse extends Label {
    private final I18n i18n;
    private final boolean detailed;
    private List<Holding> shown = List.of();

    private MemoryInUse(I18n i18n, ModelSessions sessions, boolean detailed) {
        this.i18n = i18n;
        this.detailed = detailed;
        getStyleClass().add("memory-in-use");
        setWrapText(detailed);
        follow(this, sessions);
        render(sessions.holdings());
        i18n.localeProperty().addListener((o, a, b) -> render(shown));
    }

    /** One line for the status bar: "Modelos na memória: 2 (≈ 1,1 GB)", details in the tooltip. */
    public static MemoryInUse line(I18n i18n, ModelSessions sessions) {
        var l = new MemoryInUse(i18n, sessions, false);
        l.setId("memory-line");
        return l;
    }

    /** One line per loaded model with the pages holding it (model manager). */
    public static MemoryInUse perModel(I18n i18n, ModelSessions sessions) {
        var l = new MemoryInUse(i18n, sessions, true);
        l.setId("memory-detail");
        return l;
    }

    private void render(List<Holding> held) {
        shown = held;
        if (detailed) {
            setText(MemoryText.perModel(i18n, held));
        } else {
            setText(MemoryText.summary(i18n, held));
            setTooltip(held.isEmpty() ? null : new Tooltip(MemoryText.perModel(i18n, held)));
        }
    }

    /**
     * Leases change on background threads; the label is redrawn on the FX thread. The registry
     * holds the label weakly, so a closed model-manager window does not stay subscribed forever.
     */
    private static void follow(MemoryInUse label, ModelSessions sessions) {
        var ref = new WeakReference<>(label);
        var unsubscribe = new AtomicReference<Runnable>();
        unsubscribe.set(sessions.subscribe(held -> {
            MemoryInUse l = ref.get();
            if (l == null) {
                Runnable u = unsubscribe.get();
                if (u != null) u.run();
                return;
            }
            Platform.runLater(() -> l.render(held));
        }));
    }
}
