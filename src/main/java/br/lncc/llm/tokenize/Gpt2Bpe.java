package br.lncc.llm.tokenize;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * GPT-2's byte-level BPE without any GPT-2 files: OpenAI's r50k_base encoding (shipped inside
 * jtokkit) is exactly the 50,257-token vocabulary and merges of GPT-2. Used to count tokens and
 * cut texts to the 1,024-token window (Cap. 5.8) before any model is downloaded.
 * "Transformers are models that" → [41762, 364, 389, 4981, 326].
 */
public final class Gpt2Bpe {

    /** GPT-2's context window in tokens. */
    public static final int CONTEXT_WINDOW = 1024;
    public static final int END_OF_TEXT = 50256;

    private static final Encoding R50K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    private Gpt2Bpe() {}

    /** Token ids; "<|endoftext|>" in the text is encoded as plain text, as HF does by default for user text. */
    public static int[] encode(String text) {
        return R50K.encodeOrdinary(text).toArray();
    }

    public static int count(String text) {
        return R50K.countTokensOrdinary(text);
    }

    public static String decode(int[] ids) {
        IntArrayList list = new IntArrayList(ids.length);
        for (int id : ids) list.add(id);
        return R50K.decode(list);
    }

    /** The text of each token (partial UTF-8 sequences show as U+FFFD, as HF's convert_ids_to_tokens would not). */
    public static String[] pieces(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = decode(new int[] {ids[i]});
        return out;
    }
}
