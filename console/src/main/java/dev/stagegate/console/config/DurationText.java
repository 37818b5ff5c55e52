package dev.stagegate.console.config;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them on the command line and in gate scripts: 500ms, 5s, 2m, 1h; a bare number is seconds. */
public final class DurationText {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private DurationText() {
    }

    /** @param option how the error names where the value came from, e.g. {@code --lock-timeout} */
    public static Duration parse(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new StagegateException(ErrorCode.USAGE, option + " '" + text + "' is not a duration; write e.g. 500ms, 5s, 2m");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            long n = Long.parseLong(m.group(1));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new StagegateException(ErrorCode.USAGE, option + " '" + text + "' is too large a duration; write e.g. 500ms, 5s, 2m");
        }
    }
}
