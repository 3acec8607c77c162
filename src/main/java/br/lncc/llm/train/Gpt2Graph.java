package br.lncc.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import br.lncc.llm.model.Gpt2;

/**
 * GPT-2's forward pass for training: the same equations as {@code model.Gpt2} (Cap. 4.5), written
 * so that gradients can flow (no KV cache, every intermediate in the step's scope, so a backward
 * pass reaches the weights), with GPT-2's dropouts in training mode and a LoRA update added after
 * every targeted Conv1D. Shapes: B batch, T positions, C = n_embd, H heads, D = C/H, V vocab.
 */
public final class Gpt2Graph {
    private final Gpt2Weights w;
    private final LoraAdapters lora;
    private final float dropout;
    private final Gpt2.Config c;
    private final Shape normShape;

    /**
     * @param lora adapters added to the targeted modules, or null (SFT)
     * @param dropout GPT-2's resid/attn/embd dropout in training mode (0.1 in its config)
     */
    public Gpt2Graph(Gpt2Weights weights, LoraAdapters lora, double dropout) {
        this.w = weights;
        this.lora = lora;
        this.dropout = (float) dropout;
        this.c = weights.config();
        this.normShape = new Shape(c.nEmbd());
    }

    /**
     * Logits (B, T, V) for token ids (B, T) int64; {@code keyMask} (B, T) is 1 for real tokens
     * and 0 for padding (padding is never attended to), or null.
     */
    public NDArray logits(NDArray ids, NDArray keyMask, boolean training) {
        NDManager scope = ids.getManager();
        long t = ids.getShape().get(1);
        if (t > c.nPositions()) {
            throw new TrainingException("train.window", new Object[] {t, c.nPositions()}, "");
        }
        // libtorch's embedding, not an index op: its backward (embedding_dense_backward) took 0.04 ms
        // per pre-training step against 0.62 ms for the index op's index_put (min of 10 profiled steps).
        NDArray x = Embedding.embedding(ids, w.tensor("wte.weight"), SparseFormat.DENSE).singletonOrThrow();     // (B,T,C)
        x = x.add(w.tensor("wpe.weight").get(scope, new NDIndex("0:{}", t)));                    // (B,T,C)
        x = drop(x, training);
        NDArray mask = attentionMask(scope, keyMask, t);                                          // (B|1,1,T,T)
        for (int l = 0; l < c.nLayer(); l++) x = block(l, x, mask, training);
        x = LayerNorm.layerNorm(x, normShape, w.tensor("ln_f.weight"), w.tensor("ln_f.bias"), c.layerNormEps()).singletonOrThrow();
        return Linear.linear(x, w.tensor("wte.weight")).singletonOrThrow();                    // tied head, (B,T,V)
    }

    /**
     * Causal-LM cross-entropy as Hugging Face computes it: position t predicts label t+1, labels
     * equal to −100 are ignored, mean over the rest (Cap. 7.3.1).
     */
    public static NDArray loss(NDArray logits, NDArray labels) {
        long t = logits.getShape().get(1);
        NDArray pred = logits.get(":, 0:{}, :", t - 1);                                          // (B,T-1,V)
        NDArray target = labels.get(":, 1:");                                                     // (B,T-1)
        NDArray valid = target.neq(-100);
        NDArray safe = NDArrays.where(valid, target, target.zerosLike());
        NDArray logp = pred.logSoftmax(-1).gather(safe.expandDims(-1), -1).squeeze(-1);         // (B,T-1)
        NDArray weight = valid.toType(DataType.FLOAT32, false);
        return logp.mul(weight).sum().neg().div(weight.sum().maximum(1f));
    }

    private NDArray block(int l, NDArray x, NDArray mask, boolean training) {
        String p = "h." + l + ".";
        long b = x.getShape().get(0), t = x.getShape().get(1);
        int h = c.nHead(), d = c.headDim();
        NDArray a = LayerNorm.layerNorm(x, normShape, w.tensor(p + "ln_1.weight"), w.tensor(p + "ln_1.bias"), c.layerNormEps()).singletonOrThrow();
        NDArray qkv = conv1d(p + "attn.c_attn", a, training);                                    // (B,T,3C)
        // One split (its backward is one concatenation) rather than three index ops, whose backward
        // writes each gradient into a zero (3,B,H,T,D) buffer and adds the three.
        NDList qkvParts = qkv.split(3, 2);                                                        // 3 × (B,T,C)
        NDArray q = heads(qkvParts.get(0), b, t), k = heads(qkvParts.get(1), b, t), v = heads(qkvParts.get(2), b, t); // (B,H,T,D)
        NDArray att = q.mul(constant(q, 1.0 / Math.sqrt(d))).matMul(k.transpose(0, 1, 3, 2)).add(mask); // (B,H,T,T)
        att = drop(att.softmax(-1), training);
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, c.nEmbd());                // (B,T,C)
        x = x.add(drop(conv1d(p + "attn.c_proj", y, training), training));
        NDArray m = LayerNorm.layerNorm(x, normShape, w.tensor(p + "ln_2.weight"), w.tensor(p + "ln_2.bias"), c.layerNormEps()).singletonOrThrow();
        m = geluNew(conv1d(p + "mlp.c_fc", m, training));                                        // (B,T,4C)
        return x.add(drop(conv1d(p + "mlp.c_proj", m, training), training));
    }

    /** (B,T,C) → (B,H,T,D), a view. */
    private NDArray heads(NDArray x, long b, long t) {
        return x.reshape(b, t, c.nHead(), c.headDim()).transpose(0, 2, 1, 3);
    }

    private NDArray conv1d(String module, NDArray x, boolean training) {
        NDArray base = w.conv1d(module, x);
        return lora == null ? base : lora.apply(module, x, base, training);
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }

    /** 0 where query i may attend key j (j ≤ i and key j is not padding), a large negative otherwise. */
    private static NDArray attentionMask(NDManager scope, NDArray keyMask, long t) {
        NDArray query = scope.arange(0, (int) t).reshape(t, 1);
        NDArray key = scope.arange(0, (int) t).reshape(1, t);
        NDArray blocked = key.gt(query).reshape(1, 1, t, t);                                      // (1,1,T,T)
        if (keyMask != null) {
            NDArray pad = keyMask.eq(0).reshape(keyMask.getShape().get(0), 1, 1, t);               // (B,1,1,T)
            blocked = blocked.logicalOr(pad);
        }
        // −1e9 rather than −∞: a row whose keys are all padding stays finite instead of NaN.
        return NDArrays.where(blocked, scope.full(blocked.getShape(), -1e9f), scope.zeros(blocked.getShape()));
    }

    static NDArray geluNew(NDArray x) {
        return Gpt2.geluNew(x, constant(x, Gpt2.GELU_SLOPE), constant(x, Gpt2.GELU_CUBIC_SLOPE));
    }

    /**
     * A scalar factor for a product that autograd differentiates, owned by the step's scope.
     * DJL's {@code mul(Number)} builds its scalar zero-copy over a direct buffer and closes it as
     * soon as the product is computed, but autograd keeps that scalar for the backward pass: once
     * the JVM collected the buffer, backward multiplied by freed memory and, now and then, the
     * gradients came out NaN (the "diverging learning rate" message of runs with a sane lr).
     * Kept in the scope, the scalar lives until the step's backward pass is over.
     */
    static NDArray constant(NDArray like, double value) {
        return like.getManager().create((float) value);
    }

    /** Greedy continuation of {@code prompt} (no cache: the lab's outputs are short). */
    public long[] greedy(NDManager parent, long[] prompt, int maxNewTokens, int eos) {
        long[] seq = prompt.clone();
        for (int i = 0; i < maxNewTokens && seq.length < c.nPositions(); i++) {
            long next;
            try (NDManager scope = parent.newSubManager()) {
                NDArray ids = scope.create(seq, new Shape(1, seq.length));
                NDArray logits = logits(ids, null, false);
                next = logits.get(0, seq.length - 1).argMax().getLong();
            }
            long[] grown = java.util.Arrays.copyOf(seq, seq.length + 1);
            grown[seq.length] = next;
            seq = grown;
            if (next == eos) break;
        }
        return seq;
    }
}
