package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/** INLINE stores material in the control plane itself: nothing to reach, always OK. */
@ApplicationScoped
public class InlineCheck implements ProviderCheck {

    @Override
    public ProviderKind kind() {
        return ProviderKind.INLINE;
    }

    @Override
    public String normalizeLocation(String location) {
        return "";
    }

    @Override
    public void validateCredentials(JsonObject credentials) {
        if (credentials != null && !credentials.isEmpty()) {
            throw Refusal.invalid("INLINE backends take no credentials");
        }
    }

    @Override
    public String host(String location, JsonObject credentials) {
        return "inline"; // no server: the control plane holds it
    }

    @Override
    public CheckResult check(String location, JsonObject credentials, OutboundExchange outbound) {
        return CheckResult.passed();
    }
}
