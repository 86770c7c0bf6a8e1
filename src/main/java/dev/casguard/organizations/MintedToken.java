package dev.casguard.organizations;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** The one response that carries a token's secret: the answer to minting it. */
@JsonbPropertyOrder({"id", "name", "token", "createdAt"})
public record MintedToken(UUID id, String name, String token, Instant createdAt) {
}
