package br.lncc.llm.session;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.text.CompanionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place loaded models live. Pages and CLI code paths lease a model by
 * {@link SessionKey} (folder or id + format); every holder of an equal key gets the same copy,
 * and the copy is closed (its native memory freed) when the last lease closes. On an 8 GB laptop
 * with a 1.5B model, Cap. 4 and Cap. 7 each loading their own GPT-2 is the difference between
 * working and swapping.
 *
 * <pre>{@code
 * try (var lease = ModelSessions.app().lease(SessionKey.of(folder, ModelFormat.FP32), "4.8 Geração",
 *         CausalLms.Opened.class, () -> CausalLms.loadWithTokenizer(folder))) {
 *     lease.get().model() ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. The first lease of a key runs the loader on the calling (background) thread
 * without holding the registry's lock; later leases of the same key wait for that load and share
 * its result. A failed load is not kept: every waiter gets the failure, and the next lease tries
 * again. If the first loader was cancelled, a waiter loads the model itself instead of failing.
 */
public final class ModelSessions {
    private static final Logger log = LoggerFactory.getLogger(ModelSessions.class);
    private static final ModelSessions APP = new ModelSessions();

    /** Reads a model (seconds, on a background thread). */
    @FunctionalInterface
    public interface Loader<T> {
        T load() throws Exception;
    }

    private final Object lock = new Object();
    private final Map<SessionKey, Entry> entries = new LinkedHashMap<>();
    private final List<Consumer<List<Holding>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, SharedLab<?>> labs = new LinkedHashMap<>();

    /** A registry of its own (tests); the app and the CLI use {@link #app()}. */
    public ModelSessions() {}

    /** The process-wide registry the app's pages and the CLI share. Tests may make their own. */
    public static ModelSessions app() {
        return APP;
    }

    /**
     * A lease on the model of {@code key}, loading it with {@code loader} if nobody holds it yet.
     * Its estimated size comes from {@link SizedModel} when the model implements it.
     *
     * @param holder who holds it, as the model manager lists it (a page's number and title, a CLI command)
     * @param type what the loader returns; every holder of one key must ask for the same type
     */
    public <T> ModelLease<T> lease(SessionKey key, String holder, Class<T> type, Loader<? extends T> loader) {
        return lease(key, holder, type, loader, m -> m instanceof SizedModel f ? f.estimatedBytes() : -1);
    }

    /** As {@link #lease(SessionKey, String, Class, Loader)}, with the size estimate given. */
    public <T> ModelLease<T> lease(SessionKey key, String holder, Class<T> type, Loader<? extends T> loader,
            ToLongFunction<? super T> estimatedBytes) {
        while (true) {
            var claim = new Claim(holder);
            Entry entry;
            boolean loadHere;
            synchronized (lock) {
                entry = entries.get(key);
                if (entry != null && entry.type != type) {
                    throw new IllegalStateException(key + " is held as " + entry.type.getSimpleName()
                            + ", asked as " + type.getSimpleName());
                }
                loadHere = entry == null;
                if (loadHere) {
                    entry = new Entry(type);
                    entries.put(key, entry);
                }
                entry.claims.add(claim);
            }
            changed();
            if (loadHere) return load(key, entry, claim, type, loader, estimatedBytes);
            try {
                T model = type.cast(entry.ready.join());
                return new ModelLease<>(this, key, claim, model);
            } catch (CompletionException e) {
                // The entry was dropped by the failed loader, our claim with it.
                if (e.getCause() instanceof CancelledException) continue;
                throw rethrow(e.getCause());
            }
        }
    }

    /** A lease on {@code key} only if it is loaded already (a page joining what another page opened). */
    public <T> Optional<ModelLease<T>> leaseIfLoaded(SessionKey key, String holder, Class<T> type) {
        var claim = new Claim(holder);
        Object model;
        synchronized (lock) {
            Entry entry = entries.get(key);
            if (entry == null || !entry.ready.isDone() || entry.ready.isCompletedExceptionally() || entry.type != type) {
                return Optional.empty();
            }
            entry.claims.add(claim);
            model = entry.ready.join();
        }
        changed();
        return Optional.of(new ModelLease<>(this, key, claim, type.cast(model)));
    }

    /**
     * The lab the pages of {@code group} share ({@link SharedLab}): the same instance for every
     * caller naming the group, so 4.8 and 4.11 (or 5.5 and 5.8) work on one lab and one lease.
     *
     * @param type what the group's lab is; every caller of one group must ask for the same type
     */
    @SuppressWarnings("unchecked")
    public <T extends AutoCloseable> SharedLab<T> lab(String group, Class<T> type) {
        synchronized (lock) {
            SharedLab<?> lab = labs.computeIfAbsent(group, g -> new SharedLab<>(g, type));
            if (lab.type() != type) {
                throw new IllegalStateException(group + " is a " + lab.type().getSimpleName() + " lab, asked as " + type.getSimpleName());
            }
            return (SharedLab<T>) lab;
        }
    }

    /** Closes every group's lab (the app's exit): their leases return, and models nobody else holds are freed. */
    public void releaseLabs() {
        List<SharedLab<?>> all;
        synchronized (lock) {
            all = List.copyOf(labs.values());
        }
        all.forEach(SharedLab::release);
    }

    /** What is loaded (or loading), who holds it and its estimated size, in the order first leased. */
    public List<Holding> holdings() {
        synchronized (lock) {
            var out = new ArrayList<Holding>(entries.size());
            entries.forEach((key, e) -> out.add(new Holding(key, e.type.getSimpleName(),
                    e.claims.stream().map(c -> c.holder).toList(), e.bytes, !e.ready.isDone())));
            return out;
        }
    }

    /** Sum of the known estimates of everything loaded. */
    public long estimatedBytesInUse() {
        return holdings().stream().mapToLong(h -> Math.max(0, h.estimatedBytes())).sum();
    }

    /** Calls {@code listener} (on the thread that changed things) after every lease and release; returns its removal. */
    public Runnable subscribe(Consumer<List<Holding>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private <T> ModelLease<T> load(SessionKey key, Entry entry, Claim claim, Class<T> type,
            Loader<? extends T> loader, ToLongFunction<? super T> estimatedBytes) {
        T model;
        try {
            model = loader.load();
            if (model == null) throw new IllegalStateException("loader of " + key + " returned null");
            long bytes = estimatedBytes.applyAsLong(model);
            synchronized (lock) {
                entry.bytes = bytes;
            }
        } catch (Throwable t) {
            synchronized (lock) {
                entries.remove(key, entry);
            }
            entry.ready.completeExceptionally(t);
            changed();
            throw rethrow(t);
        }
        entry.ready.complete(model);
        changed();
        return new ModelLease<>(this, key, claim, model);
    }

    /** Called by {@link ModelLease#close()}: drops one claim, closes the model after the last. */
    void release(SessionKey key, Claim claim) {
        Object toClose = null;
        synchronized (lock) {
            Entry entry = entries.get(key);
            if (entry == null || !entry.claims.remove(claim)) return;
            if (entry.claims.isEmpty()) {
                entries.remove(key);
                toClose = entry.ready.getNow(null);
            }
        }
        if (toClose instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed", key, e);
            }
        }
        changed();
    }

    private void changed() {
        if (listeners.isEmpty()) return;
        List<Holding> now = holdings();
        for (var l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                log.warn("model sessions listener failed", e);
            }
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new CompanionException("session.loadFailed", new Object[] {String.valueOf(t.getMessage())},
                String.valueOf(t), t);
    }

    /** One holder's place in an entry; identity matters (one holder may lease twice). */
    static final class Claim {
        final String holder;

        Claim(String holder) {
            this.holder = holder == null || holder.isBlank() ? "?" : holder;
        }
    }

    private static final class Entry {
        final Class<?> type;
        final CompletableFuture<Object> ready = new CompletableFuture<>();
        final List<Claim> claims = new ArrayList<>();
        long bytes = -1;

        Entry(Class<?> type) {
            this.type = type;
        }
    }
}
