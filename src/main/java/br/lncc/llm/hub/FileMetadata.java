package br.lncc.llm.hub;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * What the hub's HEAD on a resolve URL says about one file (huggingface_hub's HfFileMetadata).
 *
 * @param etag sha256 of the content for LFS files, git blob sha1 for the others; the blob's name
 * @param size bytes, or -1 when the hub did not say
 * @param location where to GET the bytes (the CDN for LFS files)
 */
record FileMetadata(String filename, String commit, String etag, long size, URI location) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    boolean isLfs() {
        return SHA256.matcher(etag).matches();
    }

    boolean isGitBlob() {
        return SHA1.matcher(etag).matches();
    }

    /** ETag: W/"abc" or "abc" → abc. */
    static String normalizeEtag(String header) {
        String e = header.trim();
        if (e.startsWith("W/")) e = e.substring(2);
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) e = e.substring(1, e.length() - 1);
        return e;
    }
}
