package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.lint.LintOptions;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The options of the gate's {@code lint} word ({@code exclude:}, {@code suppressions:}), as {@code stagegate lint}'s. */
final class LintStepOptions {

    private LintStepOptions() {
    }

    static LintOptions from(Map<String, Object> options) {
        for (String key : options.keySet()) {
            if (!List.of("exclude", "suppressions").contains(key)) {
                throw new StagegateException(ErrorCode.USAGE, "lint: unknown option '" + key + "'; known: exclude, suppressions");
            }
        }
        LintOptions o = LintOptions.defaults();
        if (options.get("exclude") instanceof Collection<?> c) {
            o = o.withExclude(new LinkedHashSet<>(c.stream().map(Object::toString).toList()));
        } else if (options.get("exclude") != null) {
            o = o.withExclude(Set.of(options.get("exclude").toString().split(",")));
        }
        if (options.get("suppressions") != null) {
            o = o.withSuppressionsFile(Path.of(options.get("suppressions").toString()));
        }
        return o;
    }
}
