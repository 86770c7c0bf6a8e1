package dev.casguard.api;

import dev.casguard.domain.Refusal;

/** The {@code limit} query parameter of list endpoints: 1 to 1000. */
public final class ListLimit {

    private ListLimit() {
    }

    public static int parse(String value) {
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw Refusal.invalid("'limit' must be a whole number from 1 to 1000");
    }
}
