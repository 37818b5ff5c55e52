package dev.stagegate.core.snapshot;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Catalog codes as the snapshot names them ({@code 'c'} is CASCADE), and the small readers the catalog queries share. */
final class CatalogValues {

    private CatalogValues() {
    }

    static int occurrences(String text, String fragment) {
        int n = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + fragment.length())) {
            n++;
        }
        return n;
    }

    static String action(String code) {
        return switch (code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }

    static String identity(String code) {
        if (code == null) {
            return null;
        }
        return "a".equals(code) ? "ALWAYS" : "BY DEFAULT";
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            Object[] values = (Object[]) array.getArray();
            return Arrays.stream(values).map(String::valueOf).toList();
        } finally {
            array.free();
        }
    }
}
