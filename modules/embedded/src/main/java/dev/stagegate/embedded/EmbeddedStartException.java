package dev.stagegate.embedded;

/** The embedded server could not start: a broken environment, never a gate result. */
public final class EmbeddedStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddedStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
