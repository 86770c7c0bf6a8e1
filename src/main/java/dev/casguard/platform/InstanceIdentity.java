package dev.casguard.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How this instance names itself in tick history, events, logs and metrics:
 * {@code casguard.instance-name}, else host name and HTTP port.
 */
@ApplicationScoped
public class InstanceIdentity {

    @Inject
    @ConfigProperty(name = "casguard.instance-name")
    Optional<String> configured;

    private String name;

    @PostConstruct
    void resolve() {
        name = configured.filter(s -> !s.isBlank()).map(String::trim)
                .orElseGet(() -> hostName() + httpPort().map(p -> ":" + p).orElse(""));
    }

    public String name() {
        return name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("casguard");
        }
    }

    /**
     * Payara Micro's HTTP port as given on its command line ({@code --port N}); Payara Micro
     * publishes it nowhere an application can read portably.
     */
    private static Optional<String> httpPort() {
        String[] words = System.getProperty("sun.java.command", "").split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("--port") && words[i + 1].matches("[0-9]{1,5}")) {
                return Optional.of(words[i + 1]);
            }
        }
        return Optional.empty();
    }
}
