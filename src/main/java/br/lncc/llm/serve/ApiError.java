package br.lncc.llm.serve;

/**
 * A request the server refuses, with the HTTP status and OpenAI's error {@code type}/{@code code}
 * so the official clients raise their usual exceptions (BadRequestError, AuthenticationError,
 * NotFoundError, RateLimitError, ...). Messages are English, the language of the protocol.
 */
public final class ApiError extends RuntimeException {

    public enum Kind {
        INVALID_REQUEST(400, "invalid_request_error"),
        UNAUTHORIZED(401, "invalid_request_error"),
        NOT_FOUND(404, "invalid_request_error"),
        METHOD_NOT_ALLOWED(405, "invalid_request_error"),
        TOO_LARGE(413, "invalid_request_error"),
        QUEUE_FULL(429, "rate_limit_error"),
        UNAVAILABLE(503, "server_error"),
        INTERNAL(500, "server_error");

        public final int status;
        public final String type;

        Kind(int status, String type) {
            this.status = status;
            this.type = type;
        }
    }

    private final Kind kind;
    private final String param;
    private final String code;

    public ApiError(Kind kind, String code, String param, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.param = param;
    }

    public static ApiError invalid(String param, String message) {
        return new ApiError(Kind.INVALID_REQUEST, "invalid_value", param, message);
    }

    public Kind kind() {
        return kind;
    }

    /** OpenAI's machine-readable code ("invalid_api_key", "context_length_exceeded", ...), or null. */
    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
