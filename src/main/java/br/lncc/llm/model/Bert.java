package br.lncc.llm.model;

import br.lncc.llm.text.Message;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT encoder (Cap. 2), post-norm, as Hugging Face's BertModel + BertForMaskedLM head:
 * <pre>
 *   e = E_tok[ids] + E_pos[0..n) + E_seg[types];  x = LN(e)
 *   L × {  x = LN(x + Attn(x))  ;  x = LN(x + W2·gelu(W1·x)) }         (Cap. 2.6–2.10)
 *   Attn: per head h, A = softmax(Q Kᵀ / √d_head), out = Wo·concat_h(A V)
 *   pooled = tanh(Wp·x[CLS]);   fill-mask logits = E_tokᵀ·LN(gelu(Wt·x)) + b   (decoder tied to E_tok)
 * </pre>
 * Tensor names are the checkpoint's own ({@code bert.encoder.layer.0.attention.self.query.weight}
 * …); Linear weights are PyTorch's [out, in]. Weights live in one long-lived NDManager; every
 * forward pass runs in a child manager and returns plain arrays.
 */
public final class Bert implements AutoCloseable {

    private record Layer(NDArray qW, NDArray qB, NDArray kW, NDArray kB, NDArray vW, NDArray vB,
                         NDArray oW, NDArray oB, NDArray ln1W, NDArray ln1B,
                         NDArray iW, NDArray iB, NDArray fW, NDArray fB, NDArray ln2W, NDArray ln2B) {}

    private record MaskedLmHead(NDArray denseW, NDArray denseB, NDArray lnW, NDArray lnB, NDArray bias) {}

    private final BertConfig config;
    private final NDManager weights;
    private final NDArray wordEmb;
    private final NDArray posEmb;
    private final NDArray typeEmb;
    private final NDArray embLnW;
    private final NDArray embLnB;
    private final List<Layer> layers;
    private final NDArray poolW;
    private final NDArray poolB;
    private final MaskedLmHead mlm; // null when the checkpoint is a bare BertModel
    private final List<NDArray> allWeights = new ArrayList<>();

    private Bert(BertConfig config, NDManager weights, Checkpoint ckpt, String prefix) {
        this.config = config;
        this.weights = weights;
        wordEmb = tensor(ckpt, prefix + "embeddings.word_embeddings.weight", config.vocabSize(), config.hiddenSize());
        posEmb = tensor(ckpt, prefix + "embeddings.position_embeddings.weight", config.maxPositions(), config.hiddenSize());
        typeEmb = tensor(ckpt, prefix + "embeddings.token_type_embeddings.weight", config.typeVocabSize(), config.hiddenSize());
        embLnW = layerNormWeight(ckpt, prefix + "embeddings.LayerNorm");
        embLnB = layerNormBias(ckpt, prefix + "embeddings.LayerNorm");
        int h = config.hiddenSize();
        int f = config.intermediateSize();
        layers = new ArrayList<>();
        for (int i = 0; i < config.numLayers(); i++) {
            String p = prefix + "encoder.layer." + i + ".";
            layers.add(new Layer(
                    tensor(ckpt, p + "attention.self.query.weight", h, h), tensor(ckpt, p + "attention.self.query.bias", h),
                    tensor(ckpt, p + "attention.self.key.weight", h, h), tensor(ckpt, p + "attention.self.key.bias", h),
                    tensor(ckpt, p + "attention.self.value.weight", h, h), tensor(ckpt, p + "attention.self.value.bias", h),
                    tensor(ckpt, p + "attention.output.dense.weight", h, h), tensor(ckpt, p + "attention.output.dense.bias", h),
                    layerNormWeight(ckpt, p + "attention.output.LayerNorm"), layerNormBias(ckpt, p + "attention.output.LayerNorm"),
                    tensor(ckpt, p + "intermediate.dense.weight", f, h), tensor(ckpt, p + "intermediate.dense.bias", f),
                    tensor(ckpt, p + "output.dense.weight", h, f), tensor(ckpt, p + "output.dense.bias", h),
                    layerNormWeight(ckpt, p + "output.LayerNorm"), layerNormBias(ckpt, p + "output.LayerNorm")));
        }
        poolW = ckpt.contains(prefix + "pooler.dense.weight") ? tensor(ckpt, prefix + "pooler.dense.weight", h, h) : null;
        poolB = poolW == null ? null : tensor(ckpt, prefix + "pooler.dense.bias", h);
        mlm = ckpt.contains("cls.predictions.transform.dense.weight")
                ? new MaskedLmHead(tensor(ckpt, "cls.predictions.transform.dense.weight", h, h),
                        tensor(ckpt, "cls.predictions.transform.dense.bias", h),
                        layerNormWeight(ckpt, "cls.predictions.transform.LayerNorm"),
                        layerNormBias(ckpt, "cls.predictions.transform.LayerNorm"),
                        tensor(ckpt, ckpt.contains("cls.predictions.bias") ? "cls.predictions.bias" : "cls.predictions.decoder.bias",
                                config.vocabSize()))
                : null;
    }

    /** Loads config.json + safetensors of a Hugging Face BERT folder (BertModel or BertForMaskedLM). */
    public static Bert load(Path folder) {
        BertConfig config = BertConfig.read(folder);
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            // BertForMaskedLM prefixes the encoder with "bert."; a bare BertModel export does not.
            String prefix = ckpt.contains("bert.embeddings.word_embeddings.weight") ? "bert." : "";
            return new Bert(config, manager, ckpt, prefix);
        } catch (RuntimeException e) {
            manager.close();
            if (e instanceof ModelException) throw e;
            if (e instanceof WeightsException w) {
                throw new ModelException(Message.of("model.bert.loadFailed", String.valueOf(folder), w.text()), w.technicalDetail(), w);
            }
            throw new ModelException(Message.of("model.bert.loadFailed", String.valueOf(folder), String.valueOf(e)), String.valueOf(e), e);
        }
    }

    public BertConfig config() {
        return config;
    }

    public boolean hasMaskedLmHead() {
        return mlm != null;
    }

    public boolean hasPooler() {
        return poolW != null;
    }

    /** One sentence, segment 0 everywhere. */
    public BertOutput forward(long[] ids, BertRequest request) {
        return forward(ids, new long[ids.length], request);
    }

    /**
     * Runs the encoder. Serialised: the weights are lent to the pass's child manager (so that every
     * result of an op on a weight lands there and is freed with it), and only one pass can borrow them.
     */
    public synchronized BertOutput forward(long[] ids, long[] typeIds, BertRequest request) {
        validate(ids, typeIds, request);
        int n = ids.length;
        int hidden = config.hiddenSize();
        try (NDManager m = weights.newSubManager()) {
            // DJL attaches an op's result to the manager of its receiver: a weight's own manager
            // would keep every embedding lookup alive forever. tempAttach returns them on close.
            for (NDArray w : allWeights) w.tempAttach(m);
            NDArray tokenRows = wordEmb.get(new NDIndex("{}", m.create(ids)));
            NDArray positionRows = posEmb.get(new NDIndex("0:{}", n));
            NDArray segmentRows = typeEmb.get(new NDIndex("{}", m.create(typeIds)));
            NDArray sum = tokenRows.add(positionRows).add(segmentRows);
            BertOutput.BertEmbeddings embeddings = request.embeddings()
                    ? new BertOutput.BertEmbeddings(rows(tokenRows, n, hidden), rows(positionRows, n, hidden),
                            rows(segmentRows, n, hidden), rows(sum, n, hidden))
                    : null;
            NDArray x = layerNorm(sum, embLnW, embLnB);
            float[][][] hiddenStates = request.hiddenStates() ? new float[config.numLayers() + 1][][] : null;
            float[][][][] attentions = request.attentions() ? new float[config.numLayers()][][][] : null;
            if (hiddenStates != null) hiddenStates[0] = rows(x, n, hidden);
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                NDArray probs = attentionProbabilities(x, layer, n); // (H, n, n)
                if (attentions != null) attentions[l] = heads(probs, n);
                x = layerNorm(x.add(attentionOutput(probs, x, layer, n)), layer.ln1W(), layer.ln1B());
                NDArray ffn = linear(Activation.gelu(linear(x, layer.iW(), layer.iB())), layer.fW(), layer.fB());
                x = layerNorm(x.add(ffn), layer.ln2W(), layer.ln2B());
                if (hiddenStates != null) hiddenStates[l + 1] = rows(x, n, hidden);
            }
            float[] pooled = poolW == null ? null
                    : linear(x.get(new NDIndex("0:1")), poolW, poolB).tanh().toFloatArray();
            float[][] mlmLogits = null;
            if (request.mlmPositions().length > 0) {
                NDArray picked = x.get(new NDIndex("{}", m.create(toLongs(request.mlmPositions()))));
                NDArray t = layerNorm(Activation.gelu(linear(picked, mlm.denseW(), mlm.denseB())), mlm.lnW(), mlm.lnB());
                mlmLogits = rows(linear(t, wordEmb, mlm.bias()), request.mlmPositions().length, config.vocabSize());
            }
            return new BertOutput(ids.clone(), embeddings, hiddenStates, attentions, rows(x, n, hidden), pooled,
                    request.mlmPositions(), mlmLogits);
        }
    }

    /** softmax(Q Kᵀ / √d) for every head: (H, n, n). Cap. 2.6, eq. of scaled dot-product attention. */
    private NDArray attentionProbabilities(NDArray x, Layer layer, int n) {
        NDArray q = splitHeads(linear(x, layer.qW(), layer.qB()), n);
        NDArray k = splitHeads(linear(x, layer.kW(), layer.kB()), n);
        return q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(config.headSize())).softmax(-1);
    }

    /** Wo · concat_h(A_h V_h) + bo. */
    private NDArray attentionOutput(NDArray probs, NDArray x, Layer layer, int n) {
        NDArray v = splitHeads(linear(x, layer.vW(), layer.vB()), n);
        NDArray context = probs.matMul(v).transpose(1, 0, 2).reshape(n, config.hiddenSize());
        return linear(context, layer.oW(), layer.oB());
    }

    /** (n, H·d) → (H, n, d). */
    private NDArray splitHeads(NDArray t, int n) {
        return t.reshape(n, config.numHeads(), config.headSize()).transpose(1, 0, 2);
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), gamma, beta, (float) config.layerNormEps()).singletonOrThrow();
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private void validate(long[] ids, long[] typeIds, BertRequest request) {
        if (ids.length == 0) throw new ModelException("model.emptyInput", new Object[0], "BERT input of length 0");
        if (ids.length > config.maxPositions()) {
            throw new ModelException("model.bert.window", new Object[] {String.valueOf(ids.length), String.valueOf(config.maxPositions())},
                    "T > max_position_embeddings");
        }
        if (typeIds.length != ids.length) throw new ModelException("model.bert.typeIds", new Object[] {String.valueOf(typeIds.length), String.valueOf(ids.length)}, "typeIds/ids length");
        for (long id : ids) {
            if (id < 0 || id >= config.vocabSize()) throw new ModelException("model.idOutOfVocabulary", new Object[] {String.valueOf(id), String.valueOf(config.vocabSize() - 1)}, "token id " + id);
        }
        for (long t : typeIds) {
            if (t < 0 || t >= config.typeVocabSize()) throw new ModelException("model.bert.segment", new Object[] {String.valueOf(t)}, "segment id " + t);
        }
        for (int p : request.mlmPositions()) {
            if (p < 0 || p >= ids.length) throw new ModelException("model.bert.position", new Object[] {String.valueOf(p)}, "position " + p);
        }
        if (request.mlmPositions().length > 0 && mlm == null) {
            throw new ModelException("model.bert.noMlmHead", new Object[0], "no cls.predictions.* tensors");
        }
    }

    private NDArray tensor(Checkpoint ckpt, String name, long... shape) {
        if (!ckpt.contains(name)) throw new ModelException("model.missingTensor", new Object[] {name}, "missing tensor " + name);
        NDArray t = ckpt.load(name, weights);
        allWeights.add(t);
        if (!t.getShape().equals(new Shape(shape))) {
            throw new ModelException("model.tensorShape", new Object[] {name, "BERT", String.valueOf(t.getShape()), String.valueOf(new Shape(shape))},
                    "shape mismatch for " + name);
        }
        return t;
    }

    /** Old TF-converted checkpoints call LayerNorm's parameters gamma/beta; HF renames them on load, so do we. */
    private NDArray layerNormWeight(Checkpoint ckpt, String module) {
        return tensor(ckpt, ckpt.contains(module + ".weight") ? module + ".weight" : module + ".gamma", config.hiddenSize());
    }

    private NDArray layerNormBias(Checkpoint ckpt, String module) {
        return tensor(ckpt, ckpt.contains(module + ".bias") ? module + ".bias" : module + ".beta", config.hiddenSize());
    }

    private static float[][] rows(NDArray t, int n, int width) {
        float[] flat = t.toFloatArray();
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * width, out[i], 0, width);
        return out;
    }

    private static float[][][] heads(NDArray probs, int n) {
        float[] flat = probs.toFloatArray();
        int heads = (int) probs.getShape().get(0);
        float[][][] out = new float[heads][n][n];
        for (int h = 0; h < heads; h++) {
            for (int q = 0; q < n; q++) System.arraycopy(flat, (h * n + q) * n, out[h][q], 0, n);
        }
        return out;
    }

    private static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    /** Native resources held by the weights manager; a leak-free forward pass leaves it unchanged. */
    int liveResourceCount() {
        return weights.getManagedArrays().size();
    }

    @Override
    public void close() {
        weights.close();
    }
}
