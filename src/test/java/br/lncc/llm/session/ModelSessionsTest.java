package br.lncc.llm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.CancelledException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelSessionsTest {

    /** Stands in for a loaded model: counts how often it is built and closed. */
    static final class FakeModel implements AutoCloseable, SizedModel {
        static final AtomicInteger built = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final long bytes;

        FakeModel(long bytes) {
            this.bytes = bytes;
            built.incrementAndGet();
        }

        @Override
        public long estimatedBytes() {
            return bytes;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private final SessionKey gpt2 = SessionKey.of(Path.of("models/gpt2"), ModelFormat.FP32);

    @Test
    void threePagesLeasingTheSameKeyShareOneCopyClosedAfterTheLastLease() {
        var sessions = new ModelSessions();
        var loads = new AtomicInteger();
        ModelSessions.Loader<FakeModel> loader = () -> {
            loads.incrementAndGet();
            return new FakeModel(500_000_000L);
        };
        var a = sessions.lease(gpt2, "4.8 Geração", FakeModel.class, loader);
        var b = sessions.lease(gpt2, "7.10 Juiz", FakeModel.class, loader);
        var c = sessions.lease(SessionKey.of(Path.of("models/../models/gpt2").toAbsolutePath(), ModelFormat.FP32),
                "8.4 DPO", FakeModel.class, loader);
        assertEquals(1, loads.get());
        assertSame(a.get(), b.get());
        assertSame(a.get(), c.get());
        assertEquals(1, sessions.holdings().size());
        var h = sessions.holdings().get(0);
        assertEquals(List.of("4.8 Geração", "7.10 Juiz", "8.4 DPO"), h.holders());
        assertEquals(500_000_000L, h.estimatedBytes());
        assertEquals("FakeModel", h.type());
        assertEquals(500_000_000L, sessions.estimatedBytesInUse());

        FakeModel model = a.get();
        a.close();
        a.close(); // twice is harmless and does not drop another holder's claim
        b.close();
        assertEquals(0, model.closed.get());
        assertEquals(List.of("8.4 DPO"), sessions.holdings().get(0).holders());
        c.close();
        assertEquals(1, model.closed.get());
        assertTrue(sessions.holdings().isEmpty());
        assertEquals(0, sessions.estimatedBytesInUse());
        assertThrows(IllegalStateException.class, a::get);
    }

    @Test
    void anotherFormatOfTheSameFolderIsAnotherCopy() {
        var sessions = new ModelSessions();
        try (var fp32 = sessions.lease(gpt2, "4.8", FakeModel.class, () -> new FakeModel(4));
                var nf4 = sessions.lease(SessionKey.of(Path.of("models/gpt2"), ModelFormat.NF4), "6.4", FakeModel.class,
                        () -> new FakeModel(1))) {
            assertFalse(fp32.get() == nf4.get());
            assertEquals(5, sessions.estimatedBytesInUse());
            assertEquals(List.of(ModelFormat.FP32, ModelFormat.NF4),
                    sessions.holdings().stream().map(h -> h.key().format()).toList());
        }
    }

    @Test
    void aModelLeasedAgainAfterItWasReleasedIsLoadedAgain() {
        var sessions = new ModelSessions();
        var loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            try (var l = sessions.lease(gpt2, "page", FakeModel.class, () -> {
                loads.incrementAndGet();
                return new FakeModel(1);
            })) {
                l.get();
            }
        }
        assertEquals(3, loads.get());
    }

    @Test
    void concurrentLeasesWhileLoadingWaitForTheOneLoad() throws Exception {
        var sessions = new ModelSessions();
        var loads = new AtomicInteger();
        var loading = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        ModelSessions.Loader<FakeModel> slow = () -> {
            loads.incrementAndGet();
            loading.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return new FakeModel(7);
        };
        var pool = Executors.newFixedThreadPool(4);
        try {
            var futures = new ArrayList<Future<ModelLease<FakeModel>>>();
            futures.add(pool.submit(() -> sessions.lease(gpt2, "first", FakeModel.class, slow)));
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                String who = "waiter " + i;
                futures.add(pool.submit(() -> sessions.lease(gpt2, who, FakeModel.class, slow)));
            }
            // While the first load runs, the model manager sees it loading, with every holder waiting.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sessions.holdings().get(0).holders().size() < 4 && System.nanoTime() < deadline) Thread.sleep(5);
            assertTrue(sessions.holdings().get(0).loading());
            assertEquals(4, sessions.holdings().get(0).holders().size());
            release.countDown();
            var leases = new ArrayList<ModelLease<FakeModel>>();
            for (var f : futures) leases.add(f.get(10, TimeUnit.SECONDS));
            assertEquals(1, loads.get());
            for (var l : leases) assertSame(leases.get(0).get(), l.get());
            assertFalse(sessions.holdings().get(0).loading());
            leases.forEach(ModelLease::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLoadIsNotKeptAndTheNextLeaseTriesAgain() {
        var sessions = new ModelSessions();
        var e = assertThrows(IllegalArgumentException.class,
                () -> sessions.lease(gpt2, "page", FakeModel.class, () -> {
                    throw new IllegalArgumentException("config.json quebrado");
                }));
        assertEquals("config.json quebrado", e.getMessage());
        assertTrue(sessions.holdings().isEmpty());
        try (var l = sessions.lease(gpt2, "page", FakeModel.class, () -> new FakeModel(1))) {
            assertEquals(1, l.get().bytes);
        }
    }

    @Test
    void aCheckedFailureBecomesACompanionExceptionWithTheCause() {
        var sessions = new ModelSessions();
        var e = assertThrows(br.lncc.llm.text.CompanionException.class,
                () -> sessions.lease(gpt2, "page", FakeModel.class, () -> {
                    throw new java.io.IOException("disk gone");
                }));
        assertEquals("session.loadFailed", e.key());
        assertTrue(e.getCause() instanceof java.io.IOException);
    }

    @Test
    void whenTheFirstLoaderIsCancelledAWaiterLoadsTheModelItself() throws Exception {
        var sessions = new ModelSessions();
        var loading = new CountDownLatch(1);
        var cancel = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> sessions.lease(gpt2, "cancelled page", FakeModel.class, () -> {
                loading.countDown();
                assertTrue(cancel.await(10, TimeUnit.SECONDS));
                throw new CancelledException();
            }));
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            Future<ModelLease<FakeModel>> second = pool.submit(() -> sessions.lease(gpt2, "patient page", FakeModel.class,
                    () -> new FakeModel(3)));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sessions.holdings().get(0).holders().size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
            cancel.countDown();
            var ex = assertThrows(java.util.concurrent.ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
            assertTrue(ex.getCause() instanceof CancelledException);
            try (var lease = second.get(10, TimeUnit.SECONDS)) {
                assertEquals(3, lease.get().bytes);
                assertEquals(List.of("patient page"), sessions.holdings().get(0).holders());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void askingForAnotherTypeUnderAHeldKeyIsAProgrammingError() {
        var sessions = new ModelSessions();
        try (var l = sessions.lease(gpt2, "page", FakeModel.class, () -> new FakeModel(1))) {
            assertThrows(IllegalStateException.class, () -> sessions.lease(gpt2, "other", String.class, () -> "x"));
            assertEquals(List.of("page"), sessions.holdings().get(0).holders());
        }
    }

    @Test
    void joiningOnlyWhatIsLoadedAndListenersSeeEveryChange() {
        var sessions = new ModelSessions();
        var seen = new ArrayList<Integer>();
        Runnable unsubscribe = sessions.subscribe(h -> seen.add(h.isEmpty() ? 0 : h.get(0).holders().size()));
        assertTrue(sessions.leaseIfLoaded(gpt2, "manager", FakeModel.class).isEmpty());
        try (var l = sessions.lease(gpt2, "page", FakeModel.class, () -> new FakeModel(1));
                var joined = sessions.leaseIfLoaded(gpt2, "manager", FakeModel.class).orElseThrow()) {
            assertSame(l.get(), joined.get());
        }
        unsubscribe.run();
        sessions.lease(gpt2, "after", FakeModel.class, () -> new FakeModel(1)).close();
        // claim (loading), loaded, joined, manager released, page released
        assertEquals(List.of(1, 1, 2, 1, 0), seen);
    }
}
