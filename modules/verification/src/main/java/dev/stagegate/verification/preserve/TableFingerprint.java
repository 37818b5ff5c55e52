package dev.stagegate.verification.preserve;

/** A table's row count and a digest of its content, independent of physical row order. */
public record TableFingerprint(String table, long rows, String digest) {
}
