package dev.stagegate.migration.sql;

/**
 * One statement of a script.
 *
 * @param text      the statement as written (comments kept), without the closing semicolon
 * @param code      the statement with comments removed and string/identifier contents blanked, upper-cased:
 *                  what rules match against, so a keyword inside a string or comment never triggers one
 * @param startLine 1-based line of its first non-blank character in the file
 * @param rawStart  offset in the script where its raw text begins (just after the previous semicolon)
 * @param rawEnd    offset of its closing semicolon (or the script's end)
 */
public record SqlStatement(String text, String code, int startLine, int rawStart, int rawEnd) {
}
