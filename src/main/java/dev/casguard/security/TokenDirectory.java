package dev.casguard.security;

import java.util.Optional;

/**
 * Where authentication looks up a presented organization token. The tokens belong to
 * {@code organizations}, which implements this; {@code security} only asks, so the two packages
 * depend one way.
 */
public interface TokenDirectory {

    /** The caller a token digest stands for: a live token of a live organization. */
    Optional<Caller> findCaller(String digest);
}
