package dev.stagegate.core.error;

/**
 * A broken environment or bad input, never a gate result. The message is one line that names
 * the problem and the fix; it must never carry a secret (callers mask before building it).
 */
public final class StagegateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public StagegateException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public StagegateException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ExitCode exitCode() {
        return code.exitCode();
    }

    /** The line users see: {@code error SG-CONN-REFUSED: ...}. */
    public String oneLine() {
        return "error " + code.id() + ": " + getMessage();
    }
}
