package br.lncc.llm.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Small real-format model files for the hub tests (configs, safetensors with random weights). */
final class HubFixtures {
    private HubFixtures() {}

    static byte[] gpt2Config() {
        return ("{\"model_type\":\"gpt2\",\"architectures\":[\"GPT2LMHeadModel\"],\"n_embd\":8,\"n_layer\":1,"
                + "\"n_head\":2,\"n_positions\":16,\"vocab_size\":32}").getBytes(StandardCharsets.UTF_8);
    }

    /** A valid safetensors file with one F32 tensor of {@code floats} seeded random values. */
    static byte[] safetensors(String tensorName, int floats, long seed) {
        String header = "{\"" + tensorName + "\":{\"dtype\":\"F32\",\"shape\":[" + floats + "],\"data_offsets\":[0,"
                + (4L * floats) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int pad = (8 - h.length % 8) % 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + pad + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length + pad).put(h);
        for (int i = 0; i < pad; i++) buf.put((byte) ' ');
        Random rnd = new Random(seed);
        for (int i = 0; i < floats; i++) buf.putFloat((float) rnd.nextGaussian());
        return buf.array();
    }

    static String sha256(byte[] data) {
        return hex("SHA-256", data);
    }

    /** git's blob id: sha1("blob <size>\0" + content), the hub's ETag for non-LFS files. */
    static String gitBlobSha1(byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain local model folder (what a user would import). */
    static Path localModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("config.json"), gpt2Config());
        Files.write(dir.resolve("model.safetensors"), safetensors("wte.weight", 256, 1));
        return dir;
    }

    /** Puts a file into an HF cache the way huggingface_hub does (blob + relative symlink). */
    static void cacheFile(HfCache cache, String repo, String commit, String name, byte[] data, boolean lfs)
            throws IOException {
        String etag = lfs ? sha256(data) : gitBlobSha1(data);
        Path blob = cache.blob(repo, etag);
        Files.createDirectories(blob.getParent());
        Files.write(blob, data);
        cache.link(repo, commit, name, blob);
    }
}
