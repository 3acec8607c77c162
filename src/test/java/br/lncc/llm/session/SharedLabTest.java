package br.lncc.llm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One lab per chapter group, held by the registry: every caller shares it, replacing or releasing closes it. */
class SharedLabTest {
    /** A lab that only knows whether it was closed. */
    static final class Lab implements AutoCloseable {
        int closed;

        @Override
        public void close() {
            closed++;
        }
    }

    @Test
    void everyCallerNamingAGroupGetsTheSameLab() {
        var sessions = new ModelSessions();
        SharedLab<Lab> a = sessions.lab("4.8–4.12", Lab.class);
        SharedLab<Lab> b = sessions.lab("4.8–4.12", Lab.class);
        assertSame(a, b);
        var lab = new Lab();
        a.set(lab);
        assertSame(lab, b.get());
        assertTrue(sessions.lab("5.5–5.8", Lab.class) != a, "another group, another lab");
        assertThrows(IllegalStateException.class, () -> sessions.lab("4.8–4.12", AutoCloseable.class));
    }

    @Test
    void replacingClosesTheOldLabOnceAndTellsTheListeners() {
        var shared = new ModelSessions().lab("g", Lab.class);
        List<Lab> seen = new ArrayList<>();
        shared.subscribe(seen::add);
        var first = new Lab();
        var second = new Lab();
        shared.set(first);
        shared.set(first); // the same lab again changes nothing
        shared.set(second);
        assertEquals(1, first.closed);
        assertEquals(0, second.closed);
        assertEquals(List.of(first, second), seen);
    }

    @Test
    void aDefaultOpenedLateNeverReplacesAChosenLab() {
        var shared = new ModelSessions().lab("g", Lab.class);
        var chosen = new Lab();
        var late = new Lab();
        assertTrue(shared.setIfEmpty(chosen));
        assertFalse(shared.setIfEmpty(late));
        assertSame(chosen, shared.get());
        assertEquals(0, chosen.closed);
    }

    @Test
    void releasingEveryGroupClosesTheirLabs() {
        var sessions = new ModelSessions();
        var four = new Lab();
        var five = new Lab();
        sessions.lab("4.8–4.12", Lab.class).set(four);
        sessions.lab("5.5–5.8", Lab.class).set(five);
        sessions.releaseLabs();
        assertEquals(1, four.closed);
        assertEquals(1, five.closed);
        assertNull(sessions.lab("4.8–4.12", Lab.class).get());
    }
}
