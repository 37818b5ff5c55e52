package dev.stagegate.console.gate;

/** Thrown by a gate step whose failure makes going on pointless (a failed migration): the gate ends NO-GO. */
public final class GateStop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GateStop(String message) {
        super(message);
    }
}
