package br.lncc.llm.train;

import br.lncc.llm.model.Gpt2;
import java.util.Locale;

/**
 * What a pre-training run is asked to do (Cap. 6.1–6.4), in three parts: the tokenizer, the
 * model's shape, and the optimisation schedule.
 */
public record PretrainSettings(TokenizerChoice tokenizer, ModelShape shape, Schedule schedule) {

    /** Character-level or byte-level BPE of a given size (256 bytes + merges). */
    public sealed interface TokenizerChoice {
        String spec();

        record Characters() implements TokenizerChoice {
            @Override
            public String spec() {
                return "char";
            }
        }

        record Bpe(int size) implements TokenizerChoice {
            public static final int MIN = 256;
            public static final int MAX = 8192;

            public Bpe {
                if (size < MIN || size > MAX) throw new PretrainException("pretrain.error.bpeRange", size, MIN, MAX);
            }

            @Override
            public String spec() {
                return "bpe:" + size;
            }
        }

        /** "char" or "bpe:N" (the CLI's --tokenizer). */
        static TokenizerChoice parse(String spec) {
            String s = spec.trim().toLowerCase(Locale.ROOT);
            if (s.equals("char")) return new Characters();
            if (s.startsWith("bpe:")) {
                try {
                    return new Bpe(Integer.parseInt(s.substring(4)));
                } catch (NumberFormatException e) {
                    throw new PretrainException("pretrain.error.tokenizerSpec", spec);
                }
            }
            throw new PretrainException("pretrain.error.tokenizerSpec", spec);
        }
    }

    /** GPT-2's shape: blocks, heads, width C (a multiple of the heads), context T. */
    public record ModelShape(int layers, int heads, int dim, int context) {
        public ModelShape {
            if (layers < 1 || layers > 48) throw new PretrainException("pretrain.error.shape", "layers", layers, 1, 48);
            if (heads < 1 || heads > 64) throw new PretrainException("pretrain.error.shape", "heads", heads, 1, 64);
            if (dim < 8 || dim > 4096) throw new PretrainException("pretrain.error.shape", "dim", dim, 8, 4096);
            if (context < 8 || context > 4096) throw new PretrainException("pretrain.error.shape", "context", context, 8, 4096);
            if (dim % heads != 0) throw new PretrainException("pretrain.error.dimHeads", dim, heads);
        }

        /** ~1 M parameters with a 2k vocabulary: trains in minutes on a laptop. */
        public static final ModelShape TINY = new ModelShape(4, 4, 128, 128);
        /** ~10 M parameters with a 2k vocabulary. */
        public static final ModelShape SMALL = new ModelShape(6, 6, 384, 256);

        /** HF GPT-2 config for a vocabulary of {@code vocab} ids, the last one being {@code <|endoftext|>}. */
        public Gpt2.Config config(int vocab) {
            return new Gpt2.Config(vocab, context, dim, layers, heads, 4 * dim, 1e-5f, vocab - 1);
        }
    }

    /**
     * AdamW (β₂ = 0.99, weight decay on matrices only), linear warm-up then cosine decay to
     * lr/10, gradient norm clipped at 1 — nanoGPT's recipe for small models.
     */
    public record Schedule(int steps, int batch, double learningRate, long seed, int evalEvery, int sampleEvery) {
        public Schedule {
            if (steps < 1 || steps > 1_000_000) throw new PretrainException("pretrain.error.steps", steps);
            if (batch < 1 || batch > 1024) throw new PretrainException("pretrain.error.batch", batch);
            if (!(learningRate > 0 && learningRate < 1)) throw new PretrainException("pretrain.error.lr", learningRate);
            if (evalEvery < 1 || sampleEvery < 1) throw new PretrainException("pretrain.error.cadence", evalEvery, sampleEvery);
        }

        public static Schedule of(int steps, int batch, double learningRate, long seed) {
            int every = Math.max(10, Math.min(250, steps / 20));
            return new Schedule(steps, batch, learningRate, seed, every, every * 2);
        }

        public int warmupSteps() {
            return Math.min(100, Math.max(1, steps / 10));
        }

        /** Learning rate of step k (0-based): linear warm-up, then cosine from lr to lr/10. */
        public double learningRateAt(int k) {
            int w = warmupSteps();
            if (k < w) return learningRate * (k + 1) / w;
            double progress = steps <= w ? 1 : (k - w) / (double) (steps - w);
            double min = learningRate / 10;
            return min + 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))) * (learningRate - min);
        }

        public Schedule withSteps(int n) {
            return new Schedule(n, batch, learningRate, seed, evalEvery, sampleEvery);
        }

        public Schedule withCadence(int eval, int sample) {
            return new Schedule(steps, batch, learningRate, seed, eval, sample);
        }
    }
}
