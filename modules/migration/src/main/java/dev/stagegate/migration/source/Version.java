package dev.stagegate.migration.source;

import java.util.Arrays;

/**
 * A migration version as written in its file name ({@code 001}, {@code 2}, {@code 1.10}), ordered
 * numerically part by part, so {@code 10} follows {@code 9} and {@code 1.10} follows {@code 1.9}.
 * {@code 001} and {@code 1} are the same version.
 */
public record Version(String text) implements Comparable<Version> {

    public Version {
        if (!text.matches("\\d+([._]\\d+)*")) {
            throw new IllegalArgumentException("not a version: " + text);
        }
    }

    public static boolean isVersion(String text) {
        return text != null && text.matches("\\d+([._]\\d+)*");
    }

    long[] parts() {
        return Arrays.stream(text.split("[._]")).mapToLong(p -> Long.parseLong(p.length() > 18 ? p.substring(p.length() - 18) : p)).toArray();
    }

    /** Canonical form for equality: {@code 001} and {@code 1} give {@code 1}. */
    public String canonical() {
        long[] p = parts();
        int end = p.length;
        while (end > 1 && p[end - 1] == 0) {
            end--;
        }
        return String.join(".", Arrays.stream(p, 0, end).mapToObj(Long::toString).toList());
    }

    public boolean sameAs(Version other) {
        return canonical().equals(other.canonical());
    }

    @Override
    public int compareTo(Version o) {
        long[] a = parts();
        long[] b = o.parts();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
