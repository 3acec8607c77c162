package br.lncc.llm.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import br.lncc.llm.model.AttentionCapture;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.model.LinearInputTap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real tiny model whose every forward pass also waits {@code delayMs}: the tiny fixtures answer
 * in ~1 ms per token, too fast to disconnect or queue up behind in a test.
 */
final class SlowedLm implements CausalLm {
    private final CausalLm inner;
    private final long delayMs;
    final AtomicInteger forwards = new AtomicInteger();

    SlowedLm(CausalLm inner, long delayMs) {
        this.inner = inner;
        this.delayMs = delayMs;
    }

    @Override
    public NDArray forward(NDArray inputIds, KvCache cache, boolean lastPositionOnly, AttentionCapture capture,
            LinearInputTap linearInputs) {
        forwards.incrementAndGet();
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return inner.forward(inputIds, cache, lastPositionOnly, capture, linearInputs);
    }

    @Override public String name() { return inner.name(); }
    @Override public int vocabSize() { return inner.vocabSize(); }
    @Override public int maxPositions() { return inner.maxPositions(); }
    @Override public int eosTokenId() { return inner.eosTokenId(); }
    @Override public KvCache newCache(KvCache.Layout layout, int batch) { return inner.newCache(layout, batch); }
    @Override public Map<String, NDArray> parameters() { return inner.parameters(); }
    @Override public long weightsBytes() { return inner.weightsBytes(); }
    @Override public NDManager manager() { return inner.manager(); }
    @Override public void close() { inner.close(); }
}
