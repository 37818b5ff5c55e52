package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.rehearsal.RehearsalFindings;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How a rehearsal copies the target and what it calls too long (defaults in docs/migrations.md, "Rehearsal"). */
final class RehearsalSettings {

    @Option(names = "--copy", defaultValue = "auto", paramLabel = "STRATEGY",
            description = "How the copy is made: auto (template, else the embedded mirror, else a dump; a sample above 50 GB), template, "
                    + "embedded, dump, sample (default: ${DEFAULT-VALUE}).")
    String copy;

    @Option(names = "--sample", defaultValue = "10%", paramLabel = "PERCENT",
            description = "With --copy sample, the share of the rows kept along the foreign keys (default: ${DEFAULT-VALUE}).")
    String sample;

    @Option(names = "--keep", description = "Keep the copy afterwards (its name is printed).")
    boolean keep;

    @Option(names = "--max-lock", defaultValue = "1s", paramLabel = "DURATION",
            description = "An ACCESS EXCLUSIVE lock held longer than this on a table with rows is a finding (default: ${DEFAULT-VALUE}).")
    String maxLock;

    @Option(names = "--max-blocked", defaultValue = "1s", paramLabel = "DURATION",
            description = "A stand-in query blocked longer than this is a finding (default: ${DEFAULT-VALUE}).")
    String maxBlocked;

    @Option(names = "--big-table-rows", defaultValue = "100000", paramLabel = "N",
            description = "A rewrite of a table with this many rows or more is a warning (default: ${DEFAULT-VALUE}).")
    long bigTableRows;

    @Option(names = "--probe-wait", defaultValue = "50ms", paramLabel = "DURATION",
            description = "How long one stand-in lock attempt waits before the probe tries the next table; a table blocked longer is "
                    + "followed until it is free (default: ${DEFAULT-VALUE}).")
    String probeWait;

    /** The copy strategy as the rehearsal takes it: {@code sample:0.1} for a 10% sample. */
    String strategy() {
        if (!copy.equals("sample")) {
            return copy;
        }
        try {
            double pct = Double.parseDouble(sample.strip().replace("%", ""));
            if (pct > 0 && pct <= 100) {
                return "sample:" + pct / 100;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new StagegateException(ErrorCode.USAGE, "--sample " + sample + " is no share of the rows; give a percentage such as 10%");
    }

    RehearsalFindings.Thresholds thresholds() {
        if (bigTableRows < 0) {
            throw new StagegateException(ErrorCode.USAGE, "--big-table-rows " + bigTableRows + " is negative; give 0 or more");
        }
        return new RehearsalFindings.Thresholds(parse("--max-lock", maxLock).toMillis(), bigTableRows, parse("--max-blocked", maxBlocked).toMillis());
    }

    Duration probeWait() {
        Duration d = parse("--probe-wait", probeWait);
        if (d.isZero()) {
            throw new StagegateException(ErrorCode.USAGE, "--probe-wait 0 would wait without limit on the copy; give a duration such as 50ms");
        }
        return d;
    }

    private static Duration parse(String option, String text) {
        return dev.stagegate.console.config.DurationText.parse(option, text);
    }
}
