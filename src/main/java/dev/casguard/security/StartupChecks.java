package dev.casguard.security;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without a usable secrets key: a service that stored credentials it could not
 * decrypt later would fail far from the cause. Refuses, too, an admin token that is set but too
 * short to resist guessing; an unset one only disables the admin API, with a warning.
 */
@Singleton
@Startup
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());

    static final int MIN_ADMIN_TOKEN_LENGTH = 32;

    @Inject
    @ConfigProperty(name = "casguard.secrets.key")
    Optional<String> secretsKey;

    @Inject
    @ConfigProperty(name = "casguard.admin-token")
    Optional<String> adminToken;

    @PostConstruct
    void check() {
        CredentialCipher.parseKey(secretsKey.orElse(null));
        if (!adminTokenSet(adminToken.orElse(null))) {
            LOG.warning("casguard.admin-token is not set: the admin API answers 403");
        }
    }

    /**
     * Whether an admin token is set (non-blank). Throws {@link IllegalStateException} if it is set
     * but shorter than {@value #MIN_ADMIN_TOKEN_LENGTH} characters; the message never holds the token.
     */
    static boolean adminTokenSet(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        if (token.codePointCount(0, token.length()) < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalStateException("casguard.admin-token is too short: it must have at least "
                    + MIN_ADMIN_TOKEN_LENGTH + " characters (for example: openssl rand -hex 32)");
        }
        return true;
    }
}
