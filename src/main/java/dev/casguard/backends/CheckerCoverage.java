package dev.casguard.backends;

/**
 * Which backends a checker scope covers, and the column that remembers when the checker last
 * started validating each of them for it (so a slot taken over from a lost holder is resumed,
 * not begun again).
 */
public enum CheckerCoverage {
    /** Default and fallback backends only. */
    ROLES("defaults_checked_at", " and (b.isDefault = true or b.isFallback = true)", "b.defaultsCheckedAt"),
    /** Every backend the checker validates. */
    ALL("all_checked_at", "", "b.allCheckedAt");

    final String column;
    final String jpqlRoles;
    final String jpqlCheckedAt;

    CheckerCoverage(String column, String jpqlRoles, String jpqlCheckedAt) {
        this.column = column;
        this.jpqlRoles = jpqlRoles;
        this.jpqlCheckedAt = jpqlCheckedAt;
    }
}
