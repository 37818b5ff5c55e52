package dev.stagegate.benchmark.run;

import java.util.List;
import java.util.stream.Collectors;

/**
 * JMH writes one JSON array per run; a round runs one fork per query, so its arrays are joined into
 * one file per round and arm, the shape JMH visualizers load.
 */
final class JmhJson {

    private JmhJson() {
    }

    static String concat(List<String> arrays) {
        return arrays.stream().map(String::strip).map(a -> a.substring(1, a.length() - 1).strip()).filter(a -> !a.isEmpty())
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }
}
