package dev.casguard.testing;

import java.util.Collection;

/** Closes what a test class started, skipping what never started, in the order given. */
public final class Teardown {

    private Teardown() {
    }

    public static void close(Object... resources) throws Exception {
        Exception first = null;
        for (Object resource : resources) {
            try {
                if (resource instanceof Collection<?> many) {
                    close(many.toArray());
                } else if (resource instanceof AutoCloseable one) {
                    one.close();
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
