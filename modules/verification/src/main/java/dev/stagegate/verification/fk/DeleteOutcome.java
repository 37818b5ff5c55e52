package dev.stagegate.verification.fk;

/**
 * What deleting a parent row did to its child rows, decided by finding each child row again (by
 * its primary key) after the delete, never by table counts or message text.
 */
public enum DeleteOutcome {
    /** Every child row is gone. */
    CASCADED,
    /** Every child row is still there with its key set to NULL. */
    SET_NULL,
    /** Every child row is still there with its key set to another, non-NULL value. */
    SET_DEFAULT,
    /** The delete was refused by this key while children exist. */
    REFUSED,
    /** The parent delete went through (or was silently skipped), and the child rows still point at it. */
    KEPT,
    /** Child rows were treated differently from one another. */
    MIXED,
    /** Declared to act, but the parent cannot be deleted at all for another reason (a trigger, another key). */
    BLOCKED,
    /** No child row could be found or made, so nothing was observed. */
    NOT_REHEARSED;

    /** True when the rehearsal observed what the key does (the tally's "rehearsed"). */
    public boolean observed() {
        return this != BLOCKED && this != NOT_REHEARSED;
    }

    /** The outcome a declared {@code ON DELETE} action must produce. */
    public static DeleteOutcome expectedFor(String onDelete) {
        return switch (onDelete) {
            case "CASCADE" -> CASCADED;
            case "SET NULL" -> SET_NULL;
            case "SET DEFAULT" -> SET_DEFAULT;
            default -> REFUSED;
        };
    }

    String describe(int children) {
        return switch (this) {
            case CASCADED -> "deleted its " + children + " child row(s)";
            case SET_NULL -> "set the key of its " + children + " child row(s) to NULL";
            case SET_DEFAULT -> "set the key of its " + children + " child row(s) to another value";
            case REFUSED -> "was refused while children exist";
            case KEPT -> "left its " + children + " child row(s) in place";
            case MIXED -> "treated its " + children + " child rows differently";
            case BLOCKED -> "failed for another reason";
            case NOT_REHEARSED -> "could not be rehearsed";
        };
    }
}
