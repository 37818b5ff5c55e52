package dev.stagegate.reporting.verdict;

/**
 * One of the seeds' rollback triggers, evaluated on a run's results.
 *
 * @param evidence what decided the state: the finding, the tally, or why it could not be evaluated
 */
public record Trigger(String name, State state, String evidence) {

    /**
     * NOT_EVALUATED is never shown as clear: no step produced what the trigger reads. ACCEPTED: the
     * evidence would fire it, and the user accepted that evidence (a suppression with its reason):
     * never clear either.
     */
    public enum State {
        FIRED, ACCEPTED, CLEAR, NOT_EVALUATED;

        public String label() {
            return switch (this) {
                case FIRED -> "FIRED";
                case ACCEPTED -> "FIRED, ACCEPTED";
                case CLEAR -> "clear";
                case NOT_EVALUATED -> "NOT EVALUATED";
            };
        }
    }

    static Trigger fired(String name, String evidence) {
        return new Trigger(name, State.FIRED, evidence);
    }

    static Trigger accepted(String name, String evidence) {
        return new Trigger(name, State.ACCEPTED, evidence);
    }

    static Trigger clear(String name, String evidence) {
        return new Trigger(name, State.CLEAR, evidence);
    }

    static Trigger notEvaluated(String name, String why) {
        return new Trigger(name, State.NOT_EVALUATED, why);
    }
}
