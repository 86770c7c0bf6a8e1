package dev.casguard.checker;

import dev.casguard.api.ListLimit;
import dev.casguard.domain.Refusal;
import dev.casguard.security.AdminOnly;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** The tick history, newest first: one row per tick that ran, on whichever instance. */
@Path("/v1/checker/ticks")
@RequestScoped
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class TickResource {

    @Inject
    TickHistory history;

    @GET
    public List<TickView> recent(@QueryParam("scope") String scope, @QueryParam("limit") @DefaultValue("50") String limit) {
        Optional<CheckerScope> filter = Optional.ofNullable(scope).filter(s -> !s.isEmpty())
                .map(s -> CheckerScope.fromLabel(s).orElseThrow(
                        () -> Refusal.invalid("'scope' must be 'defaults' or 'all'")));
        return history.recent(filter, ListLimit.parse(limit)).stream().map(TickView::of).toList();
    }
}
