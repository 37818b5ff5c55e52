package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.engine.EngineOptions;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Lock and time limits for commands that change the schema (defaults in docs/migrations.md). */
final class EngineSettings {

    @Option(names = "--lock-wait", defaultValue = "30s", paramLabel = "DURATION",
            description = "How long to wait for another runner's migration lock (default: ${DEFAULT-VALUE}).")
    String lockWait;

    @Option(names = "--lock-timeout", defaultValue = "5s", paramLabel = "DURATION",
            description = "PostgreSQL lock_timeout for every migration (default: ${DEFAULT-VALUE}); 0 would wait forever behind "
                    + "any lock and is refused unless you also give --no-lock-timeout.")
    String lockTimeout;

    @Option(names = "--no-lock-timeout", description = "Wait for locks without limit (lock_timeout 0). Risky on a live server: "
            + "a migration queued behind a long query blocks every query behind it.")
    boolean noLockTimeout;

    @Option(names = "--statement-timeout", defaultValue = "0", paramLabel = "DURATION",
            description = "PostgreSQL statement_timeout for every migration; 0 = off (default: ${DEFAULT-VALUE}).")
    String statementTimeout;

    @Option(names = "--lock-retries", defaultValue = "3", paramLabel = "N",
            description = "Retries when a migration failed only because a lock was not granted (default: ${DEFAULT-VALUE}).")
    int lockRetries;

    EngineOptions options() {
        if (lockRetries < 0) {
            throw new StagegateException(ErrorCode.USAGE, "--lock-retries " + lockRetries + " is negative; give 0 (no retry) or more");
        }
        Duration timeout = parse("--lock-timeout", lockTimeout);
        if (timeout.isZero() && !noLockTimeout) {
            // lock_timeout = 0 disables the main safety default: only on an explicit request.
            throw new StagegateException(ErrorCode.USAGE, "--lock-timeout 0 turns the lock timeout off; give a duration such as 5s, "
                    + "or --no-lock-timeout if you really mean to wait without limit");
        }
        if (noLockTimeout) {
            timeout = Duration.ZERO;
        }
        return EngineOptions.defaults().withLockWait(parse("--lock-wait", lockWait))
                .withLockTimeout(timeout)
                .withStatementTimeout(parse("--statement-timeout", statementTimeout))
                .withRetries(lockRetries, EngineOptions.defaults().retryBackoff());
    }

    static Duration parse(String option, String text) {
        return dev.stagegate.console.config.DurationText.parse(option, text);
    }
}
