package br.lncc.llm.hub;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;

/**
 * Everything that can go wrong while finding, downloading or importing a model. The message is
 * for the student (a key, rendered in pt-BR or English); {@link #detail()} carries the technical detail for the details
 * pane; {@link #reason()} lets the UI and tests tell the cases apart without parsing text.
 */
public final class HubException extends CompanionException {

    public enum Reason {
        /** 401: no token or a token the hub rejected. */
        UNAUTHORIZED,
        /** 403: gated or private repository the token has no access to. */
        FORBIDDEN,
        /** 404: repository, revision or file does not exist. */
        NOT_FOUND,
        /** No connection to the hub (DNS, refused, timeout, connection dropped). */
        NETWORK,
        /** Offline mode and the model is not (completely) in the cache. */
        OFFLINE,
        /** Not enough disk space, or the cache folder cannot be written. */
        DISK,
        /** Downloaded bytes do not match the hub's checksum. */
        CORRUPT,
        /** A folder or repository we refuse to load (no config.json, pickle-only weights). */
        INVALID_MODEL,
        /** The hub answered something we do not understand. */
        PROTOCOL,
        /**
         * A name from the user or the server (revision, file name, ETag) that would become a path
         * outside the cache, or a cache whose refs/links lead outside it: refused before any write.
         */
        UNSAFE_PATH
    }

    private final Reason reason;

    public HubException(Reason reason, Message message, String detail, Throwable cause) {
        super(message, detail, cause);
        this.reason = reason;
    }

    /** Legacy literal message (Portuguese); new code passes a {@link Message}. */
    public HubException(Reason reason, String message, String detail) {
        this(reason, message, detail, null);
    }

    /** Legacy literal message (Portuguese); new code passes a {@link Message}. */
    public HubException(Reason reason, String message, String detail, Throwable cause) {
        super(message, detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Same as {@link #technicalDetail()} (older name). */
    public String detail() {
        return technicalDetail();
    }
}
