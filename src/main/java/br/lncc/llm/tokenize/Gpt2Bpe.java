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

    /** The Hub ids whose tokenizer is exactly this one (GPT-2 small, medium, large, xl and distilgpt2 share it). */
    public static boolean isGpt2Id(String id) {
        if (id == null) return false;
        String s = id.strip();
        int slash = s.indexOf('/');
        String org = slash < 0 ? "" : s.substring(0, slash);
        String name = slash < 0 ? s : s.substring(slash + 1);
        boolean orgOk = org.isEmpty() || org.equals("openai-community") || (org.equals("distilbert") && name.equals("distilgpt2"));
        return orgOk && name.matches("gpt2(-medium|-large|-xl)?|distilgpt2");
    }

    /**
     * The tokens as Hugging Face's {@code convert_ids_to_tokens} writes them: each byte of the token
     * mapped through GPT-2's byte-to-unicode table, so a leading space reads "Ġ" and a token that is
     * half of an accented letter still shows its byte ("Ã") instead of "�".
     */
    public static String[] byteLevelTokens(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            IntArrayList one = new IntArrayList(1);
            one.add(ids[i]);
            StringBuilder sb = new StringBuilder();
            for (byte b : R50K.decodeBytes(one)) sb.appendCodePoint(BYTE_TO_UNICODE[b & 0xff]);
            out[i] = sb.toString();
        }
        return out;
    }

    /**
     * GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 bytes
     * (controls, space, soft hyphen...) are moved to U+0100 onwards in byte order, so that every
     * byte has a visible character and BPE never sees whitespace or control characters.
     */
    private static final int[] BYTE_TO_UNICODE = new int[256];

    static {
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_UNICODE[b] = printable ? b : next++;
        }
    }

    /** The text of each token (partial UTF-8 sequences show as U+FFFD, as HF's convert_ids_to_tokens would not). */
    public static String[] pieces(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = decode(new int[] {ids[i]});
        return out;
    }
}
