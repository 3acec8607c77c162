package br.lncc.llm.train;

import br.lncc.llm.tokenize.Gpt2Bpe;
import br.lncc.llm.tokenize.TextTokenizer;

/** Text ↔ token ids for training and for the before/after outputs, whichever tokenizer the model has. */
public interface TokenCodec {
    long[] encode(String text);

    String decode(long[] ids);

    /** A model folder's tokenizer.json (no special tokens added, as GPT-2's tokenizer adds none). */
    static TokenCodec of(TextTokenizer tokenizer) {
        return new TokenCodec() {
            @Override
            public long[] encode(String text) {
                return tokenizer.encode(text, false).ids();
            }

            @Override
            public String decode(long[] ids) {
                return tokenizer.decode(ids, true);
            }
        };
    }

    /** GPT-2's own BPE (r50k_base), available without any model files. */
    static TokenCodec gpt2() {
        return new TokenCodec() {
            @Override
            public long[] encode(String text) {
                int[] ids = Gpt2Bpe.encode(text);
                long[] out = new long[ids.length];
                for (int i = 0; i < ids.length; i++) out[i] = ids[i];
                return out;
            }

            @Override
            public String decode(long[] ids) {
                int[] in = new int[ids.length];
                int n = 0;
                for (long id : ids) if (id != Gpt2Bpe.END_OF_TEXT) in[n++] = (int) id;
                return Gpt2Bpe.decode(java.util.Arrays.copyOf(in, n));
            }
        };
    }
}
