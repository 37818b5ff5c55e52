package dev.stagegate.verification.result;

/**
 * A tally entry that is a share of a whole ("14/14"): two numbers a CI job can threshold, shown as
 * {@code passed/total} in reports. Serialised by Jackson as {@code {"passed": 14, "total": 14}}.
 */
public record Count(long passed, long total) {

    public Count {
        if (passed < 0 || total < 0 || passed > total) {
            throw new IllegalArgumentException("a count needs 0 <= passed <= total, not " + passed + "/" + total);
        }
    }

    public static Count of(long passed, long total) {
        return new Count(passed, total);
    }

    public boolean complete() {
        return passed == total;
    }

    @Override
    public String toString() {
        return passed + "/" + total;
    }
}
