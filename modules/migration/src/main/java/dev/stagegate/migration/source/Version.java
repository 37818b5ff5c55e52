package dev.stagegate.migration.source;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A migration version as written in its file name ({@code 001}, {@code 2}, {@code 1.10}), ordered
 * numerically part by part, so {@code 10} follows {@code 9} and {@code 1.10} follows {@code 1.9}.
 * {@code 001} and {@code 1} are the same version ({@link #canonical()}).
 */
public final class Version implements Comparable<Version> {

    private static final Pattern FORM = Pattern.compile("\\d+([._]\\d+)*");
    private static final Pattern SEPARATOR = Pattern.compile("[._]");

    private final String text;
    private final long[] parts;
    private final String canonical;

    public Version(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("not a version: " + text);
        }
        this.text = text;
        for (String p : SEPARATOR.split(text)) {
            // compared as numbers: a part too long for that would be truncated, and two versions could collide
            if (p.replaceFirst("^0+(?=.)", "").length() > 18) {
                throw new IllegalArgumentException("version " + text + " has a part of more than 18 digits");
            }
        }
        this.parts = Arrays.stream(SEPARATOR.split(text))
                .mapToLong(p -> Long.parseLong(p.length() > 18 ? p.substring(p.length() - 18) : p)).toArray();
        int end = parts.length;
        while (end > 1 && parts[end - 1] == 0) {
            end--;
        }
        this.canonical = String.join(".", Arrays.stream(parts, 0, end).mapToObj(Long::toString).toList());
    }

    public static boolean isVersion(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    public String text() {
        return text;
    }

    /** Canonical form for equality: {@code 001} and {@code 1} give {@code 1}. */
    public String canonical() {
        return canonical;
    }

    public boolean sameAs(Version other) {
        return canonical.equals(other.canonical);
    }

    @Override
    public int compareTo(Version o) {
        for (int i = 0; i < Math.max(parts.length, o.parts.length); i++) {
            long x = i < parts.length ? parts[i] : 0;
            long y = i < o.parts.length ? o.parts[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && v.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
