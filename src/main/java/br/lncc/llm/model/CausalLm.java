package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * A decoder-only language model as the generator, the benchmarks and the trainers see it: token
 * ids in, next-token logits out, with an optional {@link KvCache}. GPT-2 implements it; the
 * Llama family can too.
 */
public interface CausalLm extends AutoCloseable {

    /** A short name for logs and reports ("gpt2", a folder name). */
    String name();

    int vocabSize();

    /**
     * Refuses token ids the embedding has no row for (a tokenizer.json whose ids go past the
     * model's vocab_size, e.g. a sparse added token): the native gather would fail with an
     * "index out of bounds" engine error instead of a sentence.
     */
    default void requireKnownIds(long[] ids) {
        for (long id : ids) {
            if (id < 0 || id >= vocabSize()) {
                throw new ModelException(br.lncc.llm.text.Message.of("tokenids.beyondEmbedding", String.valueOf(id), vocabSize()),
                        "token id " + id + " outside [0, " + vocabSize() + ")", null);
            }
        }
    }

    /** Context window: the most positions one sequence may have. */
    int maxPositions();

    /** End-of-sequence id, or -1 if the model has none. */
    int eosTokenId();

    /** An empty cache sized for this model, freed when closed. */
    KvCache newCache(KvCache.Layout layout, int batch);

    /**
     * Logits for {@code inputIds} (B, T) int64, which continue the positions already in
     * {@code cache} (or start at 0 when cache is null). Result (B, T, V), or (B, 1, V) when
     * {@code lastPositionOnly}; every intermediate array belongs to {@code inputIds}' manager, so
     * the caller frees everything by closing that scope. The cache is advanced by T.
     */
    default NDArray forward(NDArray inputIds, KvCache cache, boolean lastPositionOnly, AttentionCapture capture) {
        return forward(inputIds, cache, lastPositionOnly, capture, null);
    }

    /** As above, also showing each linear layer's input to {@code linearInputs} (when not null). */
    NDArray forward(NDArray inputIds, KvCache cache, boolean lastPositionOnly, AttentionCapture capture,
            LinearInputTap linearInputs);

    /**
     * The input of lm_head, (B, T, C), for {@code inputIds} (B, T) from position 0, without
     * computing the (B, T, V) logits; null when the model does not split its forward pass (callers
     * then use {@link #forward}). With a 152k-token vocabulary a 1,024-token window's logits alone
     * are 600 MB: the perplexity and the compression lab's calibration turn the rows into logits
     * a block at a time with {@link #headLogits} (#14). Arrays belong to {@code inputIds}' manager.
     */
    default NDArray hiddenStates(NDArray inputIds, LinearInputTap linearInputs) {
        return null;
    }

    /** lm_head on rows of {@link #hiddenStates}: (…, C) → (…, V), in {@code hidden}'s manager. */
    default NDArray headLogits(NDArray hidden) {
        throw new UnsupportedOperationException(name() + " does not split its forward pass at lm_head");
    }

    /**
     * A float32 matrix the forward pass multiplies, with checkpoint linears stacked in its rows:
     * {@code names[i]} owns rows [{@code rowStarts[i]}, {@code rowStarts[i+1]}) (Llama's fused
     * q/k/v and gate/up; a single linear has one name). Gradients are taken with respect to these
     * arrays, the leaves of the forward pass (the checkpoint views of {@link #parameters()} are not).
     */
    record StackedLinears(NDArray matrix, java.util.List<String> names, long[] rowStarts) {}

    /**
     * The matrices of {@link StackedLinears}, for the loss gradients of the compression lab's Fisher
     * sensitivity (Cap. 6.6); empty when the model cannot give them (GPT-2 has its own graph, a
     * packed model has no float32 matrices).
     */
    default java.util.List<StackedLinears> stackedLinears() {
        return java.util.List.of();
    }

    /** Parameters by their checkpoint name (without any "transformer."/"model." prefix). */
    Map<String, NDArray> parameters();

    /** Bytes of weights read by one forward pass (for bandwidth bounds in benchmarks). */
    long weightsBytes();

    /** The pure-Java one-token decode step's switch (Cap. 6.5–6.6: fused low-bit kernels). */
    default FusedDecode fusedDecode() {
        return FusedDecode.UNSUPPORTED;
    }

    /** True once weights the decode step reads are packed (INT8/INT4/NF4). */
    default boolean quantized() {
        return false;
    }

    /** Whether the next one-token cached step takes the Java path. */
    default boolean decodesFused() {
        return fusedDecode().enabled(quantized());
    }

    /**
     * Bytes one decode step reads (weights in their stored format, lm_head, the looked-up rows):
     * the numerator of the bandwidth bound. Defaults to {@link #weightsBytes()}.
     */
    default long decodeBytesPerToken() {
        return weightsBytes();
    }

    /** The long-lived manager that owns the weights (parent for caches and adapters). */
    NDManager manager();

    @Override
    void close();
}
