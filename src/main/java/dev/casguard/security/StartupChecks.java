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
 * decrypt later would fail far from the cause.
 */
@Singleton
@Startup
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());

    @Inject
    @ConfigProperty(name = "casguard.secrets.key")
    Optional<String> secretsKey;

    @Inject
    @ConfigProperty(name = "casguard.admin-token")
    Optional<String> adminToken;

    @PostConstruct
    void check() {
        CredentialCipher.parseKey(secretsKey.orElse(null));
        if (adminToken.filter(t -> !t.isBlank()).isEmpty()) {
            LOG.warning("casguard.admin-token is not set: the admin API answers 403");
        }
    }
}
